using LvsOperator.Core.LoadBalancing;
using LvsOperator.Core.Resources;
using LvsOperator.Core.Validation;
using static LvsOperator.Core.Tests.LoadBalancing.Pools;

namespace LvsOperator.Core.Tests.LoadBalancing;

/// <summary>The properties of one allocation, each returning what is wrong or null.</summary>
internal static class AllocationChecks
{
    /// <summary>No address twice (bar key sharing on other ports), one per family, each inside the pool named.</summary>
    public static string? Sound(List<AddressPool> pools, List<LoadBalancerService> services, AllocationResult result)
    {
        var byName = services.ToDictionary(s => s.Name);
        foreach (var (name, outcome) in result.Services)
        {
            if (outcome.Addresses.Select(Family).Distinct().Count() != outcome.Addresses.Count) return $"{name}: two of one family";
            var pool = pools.SingleOrDefault(p => p.Metadata.Name == outcome.Pool);
            if (outcome.Addresses.Count > 0 && (pool is null || !outcome.Addresses.All(a => Inside(pool, a))))
                return $"{name}: {string.Join(",", outcome.Addresses)} not inside pool {outcome.Pool}";
        }

        foreach (var group in result.Services.SelectMany(o => o.Value.Addresses.Select(a => (Address: a, Service: byName[o.Key]))).GroupBy(x => x.Address))
        {
            var holders = group.Select(x => x.Service).ToList();
            if (holders.Count == 1) continue;
            var keys = holders.Select(h => h.Annotations?.GetValueOrDefault(LoadBalancerAnnotations.AllowSharedIp)).Distinct().ToList();
            var ports = holders.SelectMany(h => h.Ports.Select(p => (p.Protocol, p.Port))).ToList();
            if (keys.Count != 1 || keys[0] is null || ports.Distinct().Count() != ports.Count)
                return $"{group.Key} given to {string.Join(", ", holders.Select(h => h.Name))}";
        }

        return null;
    }

    /// <summary>A requested address in a pool, held and requested by no other Service, is what the Service gets.</summary>
    public static string? RequestedHonoured(List<AddressPool> pools, List<LoadBalancerService> services, AllocationResult result)
    {
        foreach (var service in services)
        {
            if (Requested(service) is not { } wanted || service.IpFamilyPolicy == IpFamilyPolicy.RequireDualStack) continue;
            if (!IpAddresses.TryParse(wanted, out var ip) || !(service.IpFamilies ?? []).Contains(ip.AddressFamily.ToIpFamily())) continue;
            var contended = services.Any(o => o.Name != service.Name && ((o.IngressAddresses ?? []).Contains(wanted) || Requested(o) == wanted));
            if (contended || !pools.Any(p => Inside(p, wanted))) continue;
            if (!result.Services[service.Name].Addresses.SequenceEqual([wanted]))
                return $"{service.Name} requested free {wanted}, got [{string.Join(",", result.Services[service.Name].Addresses)}] {result.Services[service.Name].Failure}";
        }

        return null;
    }

    /// <summary>The same answer for the pools and Services in another order (a seeded shuffle: no flaky run).</summary>
    public static string? OrderFree(List<AddressPool> pools, List<LoadBalancerService> services, AllocationResult result, int seed)
    {
        var random = new Random(seed);
        var shuffled = Allocate(pools.OrderBy(_ => random.Next()).ToList(), services.OrderBy(_ => random.Next()).ToList());
        return Same(result, shuffled, $"shuffled input (seed {seed})");
    }

    /// <summary>A Service whose address left the pool it came from is flagged on both sides: released, and the pool shrunk under it.</summary>
    public static string? ShrinkFlagged(List<AddressPool> pools, List<LoadBalancerService> services, AllocationResult result)
    {
        foreach (var service in services)
        {
            if (pools.SingleOrDefault(p => p.Metadata.Name == service.AllocatedFromPool) is not { } pool) continue;
            foreach (var left in (service.IngressAddresses ?? []).Where(a => !Inside(pool, a)))
            {
                if (!result.Pools[pool.Metadata.Name].ShrunkUnder.Contains(service.Name)) return $"pool {pool.Metadata.Name} does not flag {service.Name}";
                if (!result.Services[service.Name].Released.Any(r => r.Address == left && r.Reason == AllocationFailureReason.AddressLeftPool))
                    return $"{service.Name} is not told that {left} left pool {pool.Metadata.Name}";
            }
        }

        return null;
    }

    public static string? Idempotent(List<AddressPool> pools, List<LoadBalancerService> services, AllocationResult result) =>
        Same(result, Allocate(pools, Applied(services, result)), "fed back");

    /// <summary>A Service the step did not touch keeps what it held while the pools stay as they were.</summary>
    public static string? Stable(Dictionary<ServiceName, LoadBalancerService> before, object step, List<LoadBalancerService> services, AllocationResult result)
    {
        foreach (var service in services)
        {
            if (!before.TryGetValue(service.Name, out var old) || step.ToString()!.Contains($"Name = {service.Name.Name},", StringComparison.Ordinal)) continue;
            var held = old.IngressAddresses ?? [];
            if (!held.All(result.Services[service.Name].Addresses.Contains))
                return $"{service.Name} untouched but lost [{string.Join(",", held)}] for [{string.Join(",", result.Services[service.Name].Addresses)}]";
        }

        return null;
    }

    private static string? Same(AllocationResult a, AllocationResult b, string how)
    {
        foreach (var (name, outcome) in a.Services)
        {
            var other = b.Services[name];
            if (!outcome.Addresses.SequenceEqual(other.Addresses) || outcome.Pool != other.Pool || outcome.Failure?.Reason != other.Failure?.Reason)
                return $"{how}: {name} [{string.Join(",", outcome.Addresses)}] {outcome.Failure?.Reason} became [{string.Join(",", other.Addresses)}] {other.Failure?.Reason}";
        }

        return null;
    }

    private static string? Requested(LoadBalancerService service) =>
        service.Annotations?.GetValueOrDefault(LoadBalancerAnnotations.Address) is { Length: > 0 } text ? text : null;

    private static System.Net.Sockets.AddressFamily Family(string address) => System.Net.IPAddress.Parse(address).AddressFamily;

    private static bool Inside(AddressPool pool, string address)
    {
        var ip = System.Net.IPAddress.Parse(address);
        var number = new System.Numerics.BigInteger(ip.GetAddressBytes(), isUnsigned: true, isBigEndian: true);
        return pool.Spec.Addresses.Any(entry => AddressRange.TryParse(entry, out var r) && r.Family == ip.AddressFamily
                                                && number >= (System.Numerics.BigInteger)r.First && number <= (System.Numerics.BigInteger)r.Last);
    }
}
