import QRCode from 'qrcode';

/** A QR code of `text` as a PNG data URL, for an <img>: authenticator links, tickets. */
export function qrDataUrl(text: string, width = 240): Promise<string> {
  return QRCode.toDataURL(text, { errorCorrectionLevel: 'M', margin: 2, width });
}

/** The same, drawn with characters for a terminal. */
export function qrTerminal(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'terminal', small: true });
}
