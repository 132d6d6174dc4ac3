namespace LvsOperator.Core.LoadBalancing;

/// <summary>The Service annotations and the load balancer class LvsOperator reads and writes.</summary>
public static class LoadBalancerAnnotations
{
    /// <summary><c>spec.loadBalancerClass</c> of the Services LvsOperator serves.</summary>
    public const string LoadBalancerClass = "lvsoperator.io/lvs";

    /// <summary>Requested addresses, comma-separated, at most one per family.</summary>
    public const string Address = "lvsoperator.io/address";

    /// <summary>Requested pool by name (MetalLB's <c>address-pool</c>); the pool need not auto-assign.</summary>
    public const string AddressPool = "lvsoperator.io/address-pool";

    /// <summary>Services with the same key may share an address when their ports do not collide.</summary>
    public const string AllowSharedIp = "lvsoperator.io/allow-shared-ip";

    /// <summary>The pool the Service's addresses came from, if the controller may write annotations (MetalLB's <c>ip-allocated-from-pool</c>).</summary>
    public const string AllocatedFromPool = "lvsoperator.io/allocated-from-pool";

    /// <summary>IPVS scheduler name (<c>rr</c>, <c>wlc</c>, <c>mh</c>...).</summary>
    public const string Scheduler = "lvsoperator.io/scheduler";

    /// <summary><c>NAT</c> (the default), <c>DR</c> or <c>TUN</c>.</summary>
    public const string Method = "lvsoperator.io/method";

    /// <summary>Persistence timeout in seconds, or <c>none</c>; wins over <c>sessionAffinity</c>.</summary>
    public const string Persistence = "lvsoperator.io/persistence";

    /// <summary><c>none</c> (the default: EndpointSlice readiness), <c>tcp</c>, or <c>http</c>/<c>https</c> with an optional path (<c>http:/healthz</c>).</summary>
    public const string HealthCheck = "lvsoperator.io/health-check";
}
