import { afterEach, describe, expect, it } from 'vitest';
import { until, useWrtcPeerConnections } from '../testing/wrtc';
import { dtlsFingerprints, shortAuthString } from './short-auth-string';

/**
 * The short authentication string over real peer connections (@roamhq/wrtc): two ends connected directly show
 * the same code; with a signaling server in the middle running a connection to each end, they do not.
 */
useWrtcPeerConnections();

const open: RTCPeerConnection[] = [];
afterEach(() => open.splice(0).forEach((pc) => pc.close()));

function peer(): RTCPeerConnection {
  const pc = new RTCPeerConnection({ iceServers: [] });
  open.push(pc);
  return pc;
}

/** Offer from `offerer`, answer from `answerer`, candidates both ways, until DTLS is up on both. */
async function connect(offerer: RTCPeerConnection, answerer: RTCPeerConnection): Promise<void> {
  offerer.onicecandidate = ({ candidate }) => candidate && void answerer.addIceCandidate(candidate);
  answerer.onicecandidate = ({ candidate }) => candidate && void offerer.addIceCandidate(candidate);
  offerer.createDataChannel('control');
  await offerer.setLocalDescription(await offerer.createOffer());
  await answerer.setRemoteDescription(offerer.localDescription!);
  await answerer.setLocalDescription(await answerer.createAnswer());
  await offerer.setRemoteDescription(answerer.localDescription!);
  await until('both ends connected', () => offerer.connectionState === 'connected' && answerer.connectionState === 'connected');
}

const sasOf = (pc: RTCPeerConnection) => shortAuthString(pc.localDescription!.sdp, pc.remoteDescription!.sdp);

describe('the short authentication string', () => {
  it('is the same six digits on both ends of a direct connection, and differs for another connection', async () => {
    const [customer, technician] = [peer(), peer()];
    await connect(customer, technician);
    const [atCustomer, atTechnician] = await Promise.all([sasOf(customer), sasOf(technician)]);
    expect(atCustomer).toMatch(/^\d{3} \d{3}$/);
    expect(atTechnician).toBe(atCustomer);

    const [again, other] = [peer(), peer()];
    await connect(again, other);
    expect(await sasOf(again)).not.toBe(atCustomer);
  });

  it('differs between the two ends when a server in the middle runs a connection to each of them', async () => {
    const [customer, technician] = [peer(), peer()];
    // The middle answers the customer and offers to the technician: each end is connected, to the middle.
    const [towardCustomer, towardTechnician] = [peer(), peer()];
    await connect(customer, towardCustomer);
    await connect(towardTechnician, technician);
    const [atCustomer, atTechnician] = await Promise.all([sasOf(customer), sasOf(technician)]);
    expect(atCustomer).not.toBeNull();
    expect(atTechnician).not.toBeNull();
    expect(atCustomer).not.toBe(atTechnician);
    // What each end sees of the other is the middle's certificate, not the other end's.
    expect(dtlsFingerprints(customer.remoteDescription!.sdp)).not.toEqual(dtlsFingerprints(technician.localDescription!.sdp));
  });

  it('reads fingerprints at session or media level, and none is no code', async () => {
    const fingerprint = 'a=fingerprint:sha-256 AB:CD:EF';
    expect(dtlsFingerprints(`v=0\r\n${fingerprint}\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n${fingerprint.toLowerCase()}\r\n`)).toEqual(['sha-256 AB:CD:EF']);
    expect(await shortAuthString('v=0\r\n', `v=0\r\n${fingerprint}\r\n`)).toBeNull();
    // The order of the two descriptions does not change the code.
    const other = 'a=fingerprint:sha-256 01:02:03';
    expect(await shortAuthString(fingerprint, other)).toBe(await shortAuthString(other, fingerprint));
  });
});
