/**
 * The parts of mpd-parser 1.4 that manifests/dash/parse.ts uses (the package ships no types). Shapes are
 * read from dist/mpd-parser.cjs.js; only fields ScalaCast reads are declared, each optional where the
 * library omits it when the MPD does.
 */
declare module 'mpd-parser' {
  /** A node of the xmldom tree; text and comment nodes have no tagName. */
  export type MpdXmlNode = MpdXmlElement | { readonly nodeType: number; readonly tagName?: undefined };

  export interface MpdXmlElement {
    readonly nodeType: number;
    readonly tagName: string;
    readonly childNodes: ArrayLike<MpdXmlNode>;
    getAttribute(name: string): string | null;
    hasAttribute(name: string): boolean;
  }

  /** Attributes inherited from MPD, Period, AdaptationSet and Representation, parsed by name. */
  export interface MpdRepresentationAttributes {
    readonly id?: string;
    readonly bandwidth?: number;
    readonly codecs?: string;
    readonly width?: number;
    readonly height?: number;
    /** `30000/1001` parsed to a number. */
    readonly frameRate?: number;
    readonly mimeType?: string;
    readonly contentType?: string;
    readonly lang?: string;
    readonly audioSamplingRate?: string;
    readonly sar?: string;
    readonly timescale?: number;
    /** The innermost BaseURL resolved against the outer ones and the manifest URI (the manifest URI if none). */
    readonly baseUrl?: string;
    readonly [other: string]: unknown;
  }

  export interface MpdRepresentationInfo {
    readonly attributes: MpdRepresentationAttributes;
    readonly segmentInfo: unknown;
  }

  export interface InheritAttributesOptions {
    /** Base for relative URIs. */
    readonly manifestUri?: string;
    /** Wall clock in ms, used for dynamic MPDs only; the library reads Date.now() when it is absent. */
    readonly NOW?: number;
    readonly clientOffset?: number;
    readonly eventHandler?: (event: { readonly type: string; readonly message: string }) => void;
  }

  export interface InheritedMpd {
    /** One entry per Representation (per BaseURL of it), in document order across Periods and AdaptationSets. */
    readonly representationInfo: readonly MpdRepresentationInfo[];
    readonly locations?: readonly string[];
  }

  export interface MpdSegmentReference {
    /** As written, template identifiers replaced. */
    readonly uri: string;
    /** Resolved against the manifest URI and BaseURLs. */
    readonly resolvedUri: string;
  }

  export interface MpdSegment extends MpdSegmentReference {
    /** Seconds. */
    readonly duration: number;
    readonly number: number;
    /** Seconds from the presentation start: Period start + (time - presentationTimeOffset) / timescale. */
    readonly presentationTime: number;
    readonly timeline: number;
    /** The initialization segment. */
    readonly map?: MpdSegmentReference;
  }

  export interface MpdPlaylist {
    readonly attributes: MpdRepresentationAttributes;
    readonly segments?: readonly MpdSegment[];
  }

  /** Throws Error('DASH_EMPTY_MANIFEST' | 'DASH_INVALID_XML'). */
  export function stringToMpdXml(manifestString: string): MpdXmlElement;
  /** Throws Error('INVALID_NUMBER_OF_PERIOD') when there is no Period. */
  export function inheritAttributes(mpd: MpdXmlElement, options?: InheritAttributesOptions): InheritedMpd;
  export function toPlaylists(representations: readonly MpdRepresentationInfo[]): MpdPlaylist[];
}
