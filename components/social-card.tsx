import { SITE } from '@/lib/site';

/** The generated Open Graph / Twitter image (rendered by next/og: inline styles, flexbox only). */
export const SocialCard = () => (
  <div
    style={{
      width: '100%',
      height: '100%',
      display: 'flex',
      flexDirection: 'column',
      justifyContent: 'center',
      padding: 80,
      background: 'linear-gradient(135deg, #eef2ff 0%, #ffffff 60%)',
      color: '#18181b',
    }}
  >
    <div style={{ display: 'flex', alignItems: 'center', gap: 24 }}>
      <BrandMark size={96} />
      <span style={{ fontSize: 56, fontWeight: 700 }}>{SITE.name}</span>
    </div>
    <p style={{ marginTop: 40, fontSize: 34, lineHeight: 1.4, color: '#3f3f46', maxWidth: 960 }}>{SITE.description}</p>
  </div>
);

/** The logo (lucide's "layers" on the primary color), as in app/icon.svg. */
export const BrandMark = ({ size }: { size: number }) => (
  <div
    style={{
      width: size,
      height: size,
      borderRadius: size * 0.22,
      background: SITE.themeColor,
      display: 'flex',
      alignItems: 'center',
      justifyContent: 'center',
    }}
  >
    <svg
      width={size * 0.62}
      height={size * 0.62}
      viewBox="0 0 24 24"
      fill="none"
      stroke="#fff"
      strokeWidth={2.2}
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d="M12.83 2.18a2 2 0 0 0-1.66 0L2.6 6.08a1 1 0 0 0 0 1.83l8.58 3.91a2 2 0 0 0 1.66 0l8.58-3.9a1 1 0 0 0 0-1.83z" />
      <path d="M2 12a1 1 0 0 0 .58.91l8.6 3.91a2 2 0 0 0 1.65 0l8.58-3.9A1 1 0 0 0 22 12" />
      <path d="M2 17a1 1 0 0 0 .58.91l8.6 3.91a2 2 0 0 0 1.65 0l8.58-3.9A1 1 0 0 0 22 17" />
    </svg>
  </div>
);
