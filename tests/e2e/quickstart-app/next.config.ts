import type { NextConfig } from 'next';

// create-next-app's, as the quickstart starts from it.
const nextConfig: NextConfig = {};

export default nextConfig;
