import { blockServiceTypeRule } from "../../parts/block-service-type.js";

/** No Service may be of type LoadBalancer. */
export default blockServiceTypeRule({
  type: "LoadBalancer",
  other: "NodePort",
  id: "k8sblockloadbalancer",
  anchor: "general/block-loadbalancer-services",
  constraintKind: "K8sBlockLoadBalancer",
  title: "Block Services with type LoadBalancer",
  why: "makes the cloud provider create an external load balancer exposing the Service outside the cluster",
});
