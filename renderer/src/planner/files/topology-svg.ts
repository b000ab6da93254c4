import type { TopologyDocument } from '../../../../engine/api/schemas/topology';
import { NODE_WIDTH, nodeHeight } from '../node-geometry';

/** How a node is drawn in the picture: its box height comes from how many port rows it shows. */
export interface SvgNodeInfo {
  portRows: number;
  /** Second line under the label, e.g. `local-vm@1 · local`. */
  subtitle?: string;
  /** Status badge text (valid, invalid, deployed, drifted). */
  status?: string;
}

const MARGIN = 40;

const escapeXml = (text: string): string =>
  text.replace(/[<>&"']/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[char]!);

/**
 * The topology as a standalone SVG picture (nodes as labelled boxes, wires as curves from the source's
 * right edge to the target's left edge), built from the document rather than copied from the DOM, so
 * it looks the same whatever is on screen and needs no fonts or styles from the page.
 */
export function topologyToSvg(
  document: TopologyDocument,
  info: (nodeId: string) => SvgNodeInfo,
  options: { title?: string; dark?: boolean } = {},
): string {
  const boxes = new Map(
    document.nodes.map((node) => {
      const height = nodeHeight(info(node.id).portRows);
      return [node.id, { x: node.position.x, y: node.position.y, width: NODE_WIDTH, height }];
    }),
  );
  const all = [...boxes.values()];
  const minX = all.length ? Math.min(...all.map((b) => b.x)) - MARGIN : 0;
  const minY = all.length ? Math.min(...all.map((b) => b.y)) - MARGIN - (options.title ? 30 : 0) : 0;
  const maxX = all.length ? Math.max(...all.map((b) => b.x + b.width)) + MARGIN : 320;
  const maxY = all.length ? Math.max(...all.map((b) => b.y + b.height)) + MARGIN : 120;
  const width = Math.round(maxX - minX);
  const height = Math.round(maxY - minY);
  const colors = options.dark
    ? { bg: '#1e1f24', node: '#2a2c33', border: '#4a4d57', text: '#e8e8ec', muted: '#a0a3ad', wire: '#7c8cff' }
    : { bg: '#ffffff', node: '#f7f8fa', border: '#c5c9d3', text: '#1d1f24', muted: '#5f6470', wire: '#4f63e6' };

  const wires = document.wires.flatMap((wire) => {
    const from = boxes.get(wire.source.node);
    const to = boxes.get(wire.target.node);
    if (!from || !to) return [];
    const x1 = from.x + from.width;
    const y1 = from.y + from.height / 2;
    const x2 = to.x;
    const y2 = to.y + to.height / 2;
    const bend = Math.max(40, Math.abs(x2 - x1) / 2);
    return [
      `<path d="M ${x1} ${y1} C ${x1 + bend} ${y1}, ${x2 - bend} ${y2}, ${x2} ${y2}" fill="none" stroke="${colors.wire}" stroke-width="2"><title>${escapeXml(`${wire.source.port} → ${wire.target.port}`)}</title></path>`,
    ];
  });
  const nodes = document.nodes.map((node) => {
    const box = boxes.get(node.id)!;
    const details = info(node.id);
    return [
      `<g data-node="${escapeXml(node.id)}">`,
      `<rect x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}" rx="8" fill="${colors.node}" stroke="${colors.border}"/>`,
      `<text x="${box.x + 12}" y="${box.y + 22}" font-size="14" font-weight="600" fill="${colors.text}">${escapeXml(node.label)}</text>`,
      `<text x="${box.x + 12}" y="${box.y + 40}" font-size="11" fill="${colors.muted}">${escapeXml(details.subtitle ?? node.component)}</text>`,
      details.status
        ? `<text x="${box.x + box.width - 12}" y="${box.y + 22}" font-size="11" text-anchor="end" fill="${colors.muted}">${escapeXml(details.status)}</text>`
        : '',
      '</g>',
    ].join('');
  });
  const title = options.title
    ? `<text x="${minX + MARGIN}" y="${minY + 28}" font-size="18" font-weight="600" fill="${colors.text}">${escapeXml(options.title)}</text>`
    : '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="${minX} ${minY} ${width} ${height}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif">`,
    `<rect x="${minX}" y="${minY}" width="${width}" height="${height}" fill="${colors.bg}"/>`,
    title,
    ...wires,
    ...nodes,
    '</svg>',
  ].join('\n');
}

/** Renders an SVG picture to PNG at `scale` (browser only: it draws through an image and a canvas). */
export async function svgToPng(svg: string, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error('the picture could not be drawn'));
      image.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(image.width * scale));
    canvas.height = Math.max(1, Math.round(image.height * scale));
    const context = canvas.getContext('2d');
    if (!context) throw new Error('this browser cannot draw to a canvas');
    context.scale(scale, scale);
    context.drawImage(image, 0, 0);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
