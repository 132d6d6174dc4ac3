using LvsOperator.Core.LoadBalancing;
using LvsOperator.Core.Resources;

namespace LvsOperator.Core.Tests.LoadBalancing;

/// <summary>Builders for pools and Services, and a loop that feeds allocation's answer back as the Services' status.</summary>
internal static class Pools
{
    public static readonly DateTimeOffset T0 = new(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);

    public static AddressPool Pool(string name, params string[] addresses) => new()
    {
        Metadata = new ObjectMeta { Name = name, CreationTimestamp = T0, Generation = 1 },
        Spec = new AddressPoolSpec { Addresses = addresses },
    };

    public static AddressPool With(this AddressPool pool, ServiceAllocation allocation) =>
        pool with { Spec = pool.Spec with { ServiceAllocation = allocation } };

    public static AddressPool Created(this AddressPool pool, int minutes) =>
        pool with { Metadata = pool.Metadata with { CreationTimestamp = T0.AddMinutes(minutes) } };

    public static LoadBalancerService Service(string name, string ns = "default", int minutes = 0, params int[] ports) => new()
    {
        Name = new ServiceName(ns, name),
        Uid = $"uid-{ns}-{name}",
        CreationTimestamp = T0.AddMinutes(minutes),
        Ports = (ports.Length == 0 ? [80] : ports).Select(p => new LoadBalancerPort { Port = p }).ToList(),
    };

    public static LoadBalancerService Annotated(this LoadBalancerService service, string key, string value) =>
        service with { Annotations = new Dictionary<string, string>(service.Annotations ?? new Dictionary<string, string>()) { [key] = value } };

    public static LoadBalancerService Holding(this LoadBalancerService service, params string[] addresses) =>
        service with { IngressAddresses = addresses };

    public static LoadBalancerService DualStack(this LoadBalancerService service, IpFamilyPolicy policy, params IpFamily[] families) =>
        service with { IpFamilyPolicy = policy, IpFamilies = families };

    public static AllocationResult Allocate(IEnumerable<AddressPool> pools, IEnumerable<LoadBalancerService> services,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? namespaceLabels = null) =>
        AddressAllocator.Allocate(new AllocationInput
        {
            Pools = pools.ToList(),
            Services = services.ToList(),
            NamespaceLabels = namespaceLabels ?? new Dictionary<string, IReadOnlyDictionary<string, string>>(),
        });

    /// <summary>The Services as the controller leaves them: the addresses in status, the pool recorded.</summary>
    public static List<LoadBalancerService> Applied(IEnumerable<LoadBalancerService> services, AllocationResult result) =>
        services.Select(s => s.Holding([.. result.Services[s.Name].Addresses]) with { AllocatedFromPool = result.Services[s.Name].Pool }).ToList();

    public static string[] Addresses(this AllocationResult result, string name, string ns = "default") =>
        [.. result.Services[new ServiceName(ns, name)].Addresses];

    public static AllocationFailureReason? Failure(this AllocationResult result, string name, string ns = "default") =>
        result.Services[new ServiceName(ns, name)].Failure?.Reason;
}
