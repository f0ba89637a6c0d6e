import { JoinFlow } from './join/JoinFlow';

/** The address a technician dictates on the phone ("go to support.example.com and type the code"). */
export default function Home() {
  return <JoinFlow />;
}
