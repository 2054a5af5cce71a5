/** What the shipped delivery manifests are made from. */
export interface DeliveryOptions {
  /** The release tag they name until an overlay sets another (the version being built). */
  readonly tag: string;
  /** The registry repository they name until an overlay sets another (`oci://host/repo`). */
  readonly repositoryUrl: string;
}

/** The registry the shipped manifests name until an overlay sets the real one: it serves nothing. */
export const EXAMPLE_REPOSITORY_URL = "oci://registry.example.com/tollgate/policies";
