using System.Net;
using System.Net.Sockets;
using LvsOperator.Core.Resources;

namespace LvsOperator.Core.LoadBalancing;

/// <summary>
/// Gives LoadBalancer Services addresses from <see cref="AddressPool"/>s. Pure: the input is a snapshot (pools,
/// Services with their current <c>status.loadBalancer.ingress</c>, namespace labels), so the API server stays the
/// only record of what is assigned. Deterministic whatever the input order (Services are taken oldest first, then
/// by name), idempotent (a valid current address is kept), and an address goes to one Service, or to Services that
/// share a key and no protocol/port. Three passes: keep what Services hold, honour requested addresses, then
/// auto-assign the lowest free address of the first pool by priority that has every required family; refused claims
/// are retried when a Service's move to another pool freed addresses.
/// </summary>
public static class AddressAllocator
{
    public static AllocationResult Allocate(AllocationInput input)
    {
        var pools = input.Pools.Select(PoolView.Parse).ToList();
        pools.Sort(PoolView.CompareBySeniority);
        MarkOverlaps(pools);
        var byPriority = pools.ToList();
        byPriority.Sort(PoolView.CompareByPriority);

        var outcomes = new Dictionary<ServiceName, ServiceAllocationOutcome>();
        var claims = new List<AllocationClaim>();
        foreach (var service in input.Services)
        {
            var request = AllocationRequest.Parse(service, out var invalid);
            if (request is null)
            {
                outcomes[service.Name] = new() { Failure = invalid, Released = ReleasedAsInvalid(service, invalid!) };
                continue;
            }

            var labels = input.NamespaceLabels.GetValueOrDefault(service.Name.Namespace);
            var admitting = byPriority
                .Where(p => p.Admits(service, labels) && (request.PoolName is null || p.Name == request.PoolName))
                .OrderBy(p => p.Usable ? 0 : 1)
                .ToList();
            claims.Add(new AllocationClaim(request, admitting));
        }

        claims.Sort((a, b) => AllocationRequest.CompareBySeniority(a.Request, b.Request));
        var ledger = new AddressLedger();
        foreach (var claim in claims) Keep(claim, ledger);
        foreach (var claim in claims.Where(c => c.Request.Requested.Count > 0)) Request(claim, ledger);
        foreach (var claim in claims.Where(c => c.Request.Requested.Count == 0)) AutoAssign(claim, ledger);
        RetryAfterMoves(claims, ledger);

        foreach (var claim in claims) outcomes[claim.Request.Name] = claim.ToOutcome();
        var usage = pools.ToDictionary(p => p.Name, p => PoolUsageBuilder.Build(p, claims, input.Services));
        return new AllocationResult(outcomes, usage);
    }

    /// <summary>A pool sharing an address with an older one hands out nothing (MetalLB refuses such a configuration).</summary>
    private static void MarkOverlaps(List<PoolView> bySeniority)
    {
        for (var i = 0; i < bySeniority.Count; i++)
            for (var j = 0; j < i; j++)
                if (bySeniority[i].Ranges.Any(a => bySeniority[j].Ranges.Any(a.Overlaps)))
                    bySeniority[i].OverlappingPools.Add(bySeniority[j].Name);
    }

    /// <summary>Pass 1: a current address stays when the Service still wants it and an admitting pool holds it.</summary>
    private static void Keep(AllocationClaim claim, AddressLedger ledger)
    {
        var request = claim.Request;
        foreach (var address in request.Current.Distinct())
        {
            var (family, number) = (address.AddressFamily, AddressNumbers.ToNumber(address));
            if (!request.Families.Contains(family))
                claim.Release(address, AllocationFailureReason.Superseded, $"the Service no longer asks for an {family.ToIpFamily()} address");
            else if (request.Requested.Count > 0 && !request.Requested.Contains(address))
                claim.Release(address, AllocationFailureReason.Superseded, $"the Service requests {string.Join(", ", request.Requested)} instead");
            else if (claim.Holds(family))
                claim.Release(address, AllocationFailureReason.Superseded, $"the Service holds another {family.ToIpFamily()} address");
            else if (claim.Admitting.FirstOrDefault(p => (claim.Pool ?? p) == p && p.Contains(family, number)) is not { } pool)
                claim.Release(address, AllocationFailureReason.AddressLeftPool, LeftPool(claim, address));
            else if (ledger.Refusal(family, number, request) is { } refusal)
                claim.Release(address, refusal.Reason, refusal.Message);
            else
                claim.Take(ledger, pool, family, number);
        }
    }

    /// <summary>Pass 2: requested addresses, all or none, from one admitting pool.</summary>
    private static void Request(AllocationClaim claim, AddressLedger ledger)
    {
        var picks = new List<(PoolView Pool, AddressFamily Family, UInt128 Number)>();
        foreach (var address in claim.Request.Requested.Where(a => !claim.Holds(a.AddressFamily)))
        {
            var (family, number) = (address.AddressFamily, AddressNumbers.ToNumber(address));
            var pool = claim.Admitting.FirstOrDefault(p => p.Usable && p.Contains(family, number));
            var onePool = claim.Pool ?? picks.Select(p => p.Pool).FirstOrDefault() ?? pool;
            if (pool is null || pool != onePool)
            {
                claim.Failure = new(AllocationFailureReason.RequestedAddressNotInPool, NotInPool(claim, address, pool is not null));
                return;
            }

            if (ledger.Refusal(family, number, claim.Request) is { } refusal)
            {
                claim.Failure = refusal;
                return;
            }

            picks.Add((pool, family, number));
        }

        foreach (var (pool, family, number) in picks) claim.Take(ledger, pool, family, number);
    }

    /// <summary>Pass 3: complete from the pool already held, else the first pool by priority that has every required family.</summary>
    private static void AutoAssign(AllocationClaim claim, AddressLedger ledger)
    {
        if (!claim.Missing.Any()) return;
        if (claim.Pool is { Usable: true } held)
        {
            var completion = Pick(held, claim, ledger);
            foreach (var (family, number) in completion) claim.Take(ledger, held, family, number);
        }

        // A frozen pool (overlapping, unparsable) hands out nothing new, but what it gave stays while it suffices.
        if (claim.Held.Count > 0 && claim.HasRequiredFamilies) return;

        var candidates = claim.Admitting.Where(p => p.Usable && (claim.Request.PoolName is not null || p.AutoAssign)).ToList();
        if (candidates.Count == 0)
        {
            claim.Failure = new(AllocationFailureReason.NoPoolMatches, NoPool(claim));
            return;
        }

        foreach (var pool in candidates.Where(p => p != claim.Pool))
        {
            var before = claim.Held.Count;
            var picks = Pick(pool, claim, ledger, everyFamily: true);
            var required = claim.Request.Families.Take(claim.Request.RequiredFamilies);
            if (!required.All(f => picks.Any(p => p.Family == f))) continue;
            if (before > 0)
                claim.ReleaseAll(ledger, AllocationFailureReason.Superseded, $"the Service moved to pool {pool.Name}, which has every family it requires");
            foreach (var (family, number) in picks) claim.Take(ledger, pool, family, number);
            return;
        }

        var families = string.Join(" and ", claim.Missing.Select(f => f.ToIpFamily()));
        claim.Failure = new(AllocationFailureReason.PoolExhausted,
            $"no free {families} address in pool(s) {string.Join(", ", candidates.Select(p => p.Name))}");
    }

    /// <summary>
    /// A Service that moved pools in pass 3 freed what it held, possibly after others were refused for want of it. The
    /// refused claims are tried again (requests first, as in the passes) until no move frees anything more, so that the
    /// answer, fed back as the Services' status, comes out unchanged. It ends: a Service moves at most once.
    /// </summary>
    private static void RetryAfterMoves(List<AllocationClaim> claims, AddressLedger ledger)
    {
        for (var moves = 0; claims.Count(c => c.Moved) is var now && now > moves; moves = now)
        {
            foreach (var claim in claims.Where(c => c.Failure is not null).OrderBy(c => c.Request.Requested.Count == 0))
            {
                claim.Failure = null;
                if (claim.Request.Requested.Count > 0) Request(claim, ledger);
                else AutoAssign(claim, ledger);
            }
        }
    }

    /// <summary>
    /// One address per family the claim lacks (every family it wants with <paramref name="everyFamily"/>): an address
    /// it may share first, else the pool's lowest free one. Touches held addresses only, never the whole range.
    /// </summary>
    private static List<(AddressFamily Family, UInt128 Number)> Pick(
        PoolView pool, AllocationClaim claim, AddressLedger ledger, bool everyFamily = false)
    {
        var picks = new List<(AddressFamily, UInt128)>();
        foreach (var family in everyFamily ? claim.Request.Families : claim.Missing.ToList())
        {
            var ranges = pool.Ranges.Where(r => r.Family == family).ToList();
            UInt128? found = null;
            if (claim.Request.SharingKey is not null)
                found = ranges.SelectMany(r => ledger.HeldBetween(family, r.First, r.Last))
                    .Where(n => pool.Contains(family, n) && ledger.Refusal(family, n, claim.Request) is null)
                    .Select(n => (UInt128?)n).FirstOrDefault();
            found ??= ranges.Select(r => ledger.FirstFree(r, pool.Pool.Spec.AvoidBuggyIPs)).FirstOrDefault(n => n is not null);
            if (found is { } number) picks.Add((family, number));
        }

        return picks;
    }

    private static string LeftPool(AllocationClaim claim, IPAddress address) =>
        claim.Pool is not null ? $"{address} is not in pool {claim.Pool.Name}, where the Service's other address is"
        : PoolUsageBuilder.RecordedPool(claim.Request.Service) is { } from
            ? $"{address} is no longer in pool {from}, or the pool no longer admits the Service"
            : $"{address} is in no AddressPool that admits the Service";

    private static string NotInPool(AllocationClaim claim, IPAddress address, bool otherPool) =>
        otherPool ? $"requested address {address} is in another pool than the Service's other address; one Service takes addresses from one pool"
        : claim.Admitting.Any(p => p.Spans(address.AddressFamily, AddressNumbers.ToNumber(address)) && p.Usable)
            ? $"requested address {address} is a .0 or .255 address its pool avoids (avoidBuggyIPs)"
            : $"requested address {address} is in no usable AddressPool that admits Service {claim.Request.Name}";

    private static string NoPool(AllocationClaim claim) => claim.Request.PoolName is { } name
        ? $"pool {name} does not exist, is not usable, or does not admit Service {claim.Request.Name}"
        : $"no auto-assigning AddressPool admits Service {claim.Request.Name} (namespaces, namespaceSelectors, serviceSelectors)";

    private static List<ReleasedAddress> ReleasedAsInvalid(LoadBalancerService service, AllocationFailure failure) =>
        (service.IngressAddresses ?? []).Select(a => new ReleasedAddress(a, failure.Reason, failure.Message)).ToList();
}
