using LvsOperator.Core.LoadBalancing;
using LvsOperator.Core.Resources;
using LvsOperator.Kubernetes.Models;

namespace LvsOperator.Controller.LoadBalancing;

/// <summary>
/// A core/v1 Service as allocation and translation read it. Values the API server would not store (an unknown
/// family or policy) fall back to what it defaults to, so a future field value is never a crash.
/// </summary>
public static class LoadBalancerServiceMapper
{
    public static LoadBalancerService Map(Service service) => new()
    {
        Name = new ServiceName(service.Metadata.Namespace ?? "", service.Metadata.Name),
        Uid = service.Metadata.Uid,
        CreationTimestamp = service.Metadata.CreationTimestamp,
        Labels = service.Metadata.Labels,
        Annotations = service.Metadata.Annotations,
        AllocatedFromPool = LoadBalancerConditions.PoolOf(service.Status?.Conditions),
        IpFamilies = (service.Spec.IpFamilies ?? []).Select(Family).OfType<IpFamily>().ToList(),
        IpFamilyPolicy = service.Spec.IpFamilyPolicy switch
        {
            "PreferDualStack" => IpFamilyPolicy.PreferDualStack,
            "RequireDualStack" => IpFamilyPolicy.RequireDualStack,
            _ => IpFamilyPolicy.SingleStack,
        },
        Ports = (service.Spec.Ports ?? []).Select(p => new LoadBalancerPort { Name = p.Name, Protocol = p.Protocol, Port = p.Port }).ToList(),
        LoadBalancerIP = string.IsNullOrEmpty(service.Spec.LoadBalancerIP) ? null : service.Spec.LoadBalancerIP,
        ClientIPAffinity = service.Spec.SessionAffinity == "ClientIP",
        AffinityTimeoutSeconds = service.Spec.SessionAffinityConfig?.ClientIP?.TimeoutSeconds,
        ExternalTrafficPolicy = service.Spec.ExternalTrafficPolicy == "Local" ? ExternalTrafficPolicy.Local : ExternalTrafficPolicy.Cluster,
        IngressAddresses = IngressAddresses(service),
    };

    /// <summary>The addresses <c>status.loadBalancer.ingress</c> holds now: hostnames are not addresses.</summary>
    public static IReadOnlyList<string> IngressAddresses(Service service) =>
        (service.Status?.LoadBalancer?.Ingress ?? []).Select(i => i.Ip).OfType<string>().Where(ip => ip.Length > 0).ToList();

    private static IpFamily? Family(string family) => family switch
    {
        "IPv4" => IpFamily.IPv4,
        "IPv6" => IpFamily.IPv6,
        _ => null,
    };
}
