import { JoinFlow } from './JoinFlow';

export default function JoinPage() {
  return <JoinFlow />;
}
