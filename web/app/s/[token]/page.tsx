import { JoinFlow } from '../../join/JoinFlow';

/** The link a technician sends: opens the join flow with the link's token, which the page redeems once. */
export default async function LinkPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return <JoinFlow linkToken={token} />;
}
