using System.Net.Sockets;
using LvsOperator.Core.Validation;

namespace LvsOperator.Core.LoadBalancing;

/// <summary>A pool's <see cref="PoolUsage"/> once every claim is settled.</summary>
internal static class PoolUsageBuilder
{
    public static PoolUsage Build(PoolView pool, IReadOnlyList<AllocationClaim> claims, IReadOnlyList<LoadBalancerService> services)
    {
        var held = claims.Where(c => c.Pool == pool).SelectMany(c => c.Held).Distinct().ToList();
        return new PoolUsage
        {
            Pool = pool.Name,
            TotalIPv4 = pool.Total(AddressFamily.InterNetwork),
            TotalIPv6 = pool.Total(AddressFamily.InterNetworkV6),
            AssignedIPv4 = held.Count(h => h.Family == AddressFamily.InterNetwork),
            AssignedIPv6 = held.Count(h => h.Family == AddressFamily.InterNetworkV6),
            UnparsableEntries = pool.Unparsable,
            OverlappingPools = pool.OverlappingPools,
            ShrunkUnder = services.Where(s => HoldsOutside(s, pool)).Select(s => s.Name).Order().ToList(),
        };
    }

    /// <summary>The Service took its addresses here (as the controller recorded), and one is no longer inside.</summary>
    private static bool HoldsOutside(LoadBalancerService service, PoolView pool) =>
        RecordedPool(service) == pool.Name
        && (service.IngressAddresses ?? []).Any(a =>
            IpAddresses.TryParse(a, out var ip) && !pool.Contains(ip.AddressFamily, AddressNumbers.ToNumber(ip)));

    public static string? RecordedPool(LoadBalancerService service) =>
        service.AllocatedFromPool ?? service.Annotations?.GetValueOrDefault(LoadBalancerAnnotations.AllocatedFromPool);
}
