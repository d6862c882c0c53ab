/**
 * A QR code as an SVG `data:` URL for an <img> (the CSP allows `img-src data:`; an image cannot run
 * script or carry inline style into the page). The encoder loads on first use: most people never
 * show a code.
 */
export async function qrCodeImage(text: string): Promise<string> {
  const { toString } = await import('qrcode');
  const svg = await toString(text, { type: 'svg', margin: 2, errorCorrectionLevel: 'M', color: { dark: '#000000', light: '#ffffff' } });
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
