import { currentUser } from '@clerk/nextjs/server';

// The server's view of the session (currentUser() calls the Backend API): what the test reads after each step.
export default async function Home() {
  const user = await currentUser();
  return <main>{user ? <p>Signed in as {user.firstName}</p> : <p>Signed out</p>}</main>;
}
