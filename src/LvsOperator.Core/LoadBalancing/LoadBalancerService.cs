using LvsOperator.Core.Resources;

namespace LvsOperator.Core.LoadBalancing;

/// <summary>
/// The part of a Kubernetes <c>type: LoadBalancer</c> Service that allocation and translation read, mapped from
/// <c>v1.Service</c> by the Kubernetes adapter so that the decisions stay pure.
/// </summary>
public sealed record LoadBalancerService
{
    public ServiceName Name { get; init; }
    public string? Uid { get; init; }

    /// <summary>Orders rival claims on one address: the older Service keeps it.</summary>
    public DateTimeOffset? CreationTimestamp { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary><c>spec.ipFamilies</c> as the API server filled it in; empty means IPv4.</summary>
    public IReadOnlyList<IpFamily>? IpFamilies { get; init; }

    public IpFamilyPolicy IpFamilyPolicy { get; init; } = IpFamilyPolicy.SingleStack;
    public IReadOnlyList<LoadBalancerPort> Ports { get; init; } = [];

    /// <summary>Deprecated <c>spec.loadBalancerIP</c>; the <c>lvsoperator.io/address</c> annotation wins over it.</summary>
    public string? LoadBalancerIP { get; init; }

    /// <summary><c>spec.sessionAffinity: ClientIP</c>.</summary>
    public bool ClientIPAffinity { get; init; }

    /// <summary><c>spec.sessionAffinityConfig.clientIP.timeoutSeconds</c>; absent means Kubernetes' 10800.</summary>
    public int? AffinityTimeoutSeconds { get; init; }

    public ExternalTrafficPolicy ExternalTrafficPolicy { get; init; } = ExternalTrafficPolicy.Cluster;

    /// <summary>The addresses of <c>status.loadBalancer.ingress[].ip</c>: what the API server says it holds now.</summary>
    public IReadOnlyList<string>? IngressAddresses { get; init; }

    /// <summary>
    /// The pool an earlier allocation took <see cref="IngressAddresses"/> from (its <see cref="ServiceAllocationOutcome.Pool"/>),
    /// as the controller recorded it on the Service (a status condition, or the
    /// <see cref="LoadBalancerAnnotations.AllocatedFromPool"/> annotation, which is read when this is null). Only
    /// for the pool's <c>Shrunk</c> condition: without it a shrink is still noticed, but not blamed on a pool.
    /// </summary>
    public string? AllocatedFromPool { get; init; }
}
