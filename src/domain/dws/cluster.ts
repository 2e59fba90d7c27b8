/** DWS cluster model (filled in by the DWS issue). */
export interface Cluster {
  readonly projectId: string;
  readonly id: string;
}
