import { blockServiceTypeRule } from "../../parts/block-service-type.js";

/** No Service may be of type NodePort. */
export default blockServiceTypeRule({
  type: "NodePort",
  other: "LoadBalancer",
  id: "k8sblocknodeport",
  anchor: "general/block-nodeport-services",
  constraintKind: "K8sBlockNodePort",
  title: "Block NodePort",
  why: "opens a port on every node of the cluster",
});
