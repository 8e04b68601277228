/** The codes of the checks in this folder (see docs/analysis/<CODE>.md). */
export type BeyondIstioctlCode =
  /** A DestinationRule's policy for a ServiceEntry host that no waypoint serves, seen by ambient namespaces. */
  | "EXTERNAL_POLICY_NOT_ENFORCED"
  /** An AuthorizationPolicy requires a JWT on a gateway port where a route only redirects. */
  | "JWT_REQUIRED_ON_REDIRECT"
  /** A DestinationRule subset that no VirtualService routes to. */
  | "SUBSET_UNUSED"
  /** A use of a waypoint of another namespace that its listener's allowedRoutes does not admit. */
  | "WAYPOINT_USE_NOT_ALLOWED"
  /** A mesh host routed by both a VirtualService and a Gateway API route. */
  | "MESH_HOST_CLAIMED_BY_BOTH_APIS";
