/**
 * Pure image operations on sharp/libvips and plain typed arrays, shared by preprocessing and the heuristic
 * inference tier: safe decoding (magic-byte gate, pixel limit, EXIF orientation, no metadata), quality measures
 * (Laplacian-variance blur score, luma statistics, shelf lines: is there a shelf in the frame at all) and lighting
 * normalization (gray-world, tiled CLAHE on luma). The pixel operations are linear in the pixels and can write in
 * place (`into`), so a stream of images allocates little.
 *
 * @example
 * import { decodeOriented, laplacianVariance, toLuma } from '@shelfstream/vision';
 * const { image } = await decodeOriented(bytes, { maxInputPixels: 50_000_000, maxLongSidePx: 1600 });
 * const blur = laplacianVariance(toLuma(image));
 */
export { type ClaheOptions, claheLuma } from './clahe-luma.js';
export { claheTiled, type TiledClaheOptions } from './clahe-tiled.js';
export { classifyDecodeError, type DecodePhase, lacksEndMarker } from './classify-decode-error.js';
export { countShelfLines, SHELF_CHECK_OPTIONS } from './count-shelf-lines.js';
export {
  type DecodedImage,
  type DecodeOrientedOptions,
  type DecodeStrictness,
  decodeOriented,
} from './decode-oriented.js';
export { type EncodeJpegOptions, encodeJpeg } from './encode-jpeg.js';
export { findShelfLines, type ShelfLine, type ShelfLineOptions } from './find-shelf-lines.js';
export { type GrayWorldOptions, grayWorldBalance } from './gray-world-balance.js';
export { type ImageFormat, sniffImageFormat } from './image-format.js';
export { laplacianVariance } from './laplacian-variance.js';
export { type LumaStats, type LumaThresholds, lumaStats } from './luma-stats.js';
export { assertRawImage, type RawImage, uint8View } from './raw-image.js';
export { configureSharp, type SharpRuntimeInfo, type SharpRuntimeOptions } from './sharp-runtime.js';
export { pngBomb, texturedImage } from './test-images.js';
export { type ToLumaOptions, toLuma } from './to-luma.js';
export { type VisionReasonCode, VisionReasons } from './vision-reasons.js';
