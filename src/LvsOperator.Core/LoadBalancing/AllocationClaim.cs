using System.Net;
using System.Net.Sockets;

namespace LvsOperator.Core.LoadBalancing;

/// <summary>One Service's addresses while allocation runs: what it holds, from which pool, what it gave up.</summary>
internal sealed class AllocationClaim(AllocationRequest request, IReadOnlyList<PoolView> admitting)
{
    public AllocationRequest Request { get; } = request;

    /// <summary>Pools whose selectors admit the Service (and, with the pool annotation, only that one); usable ones first.</summary>
    public IReadOnlyList<PoolView> Admitting { get; } = admitting;

    public PoolView? Pool { get; set; }
    public List<(AddressFamily Family, UInt128 Number)> Held { get; } = [];
    public List<ReleasedAddress> Released { get; } = [];
    public AllocationFailure? Failure { get; set; }

    /// <summary>The Service gave up what it held for another pool (it does so once: then it has every required family).</summary>
    public bool Moved { get; private set; }

    public bool Holds(AddressFamily family) => Held.Any(h => h.Family == family);

    public IEnumerable<AddressFamily> Missing => Request.Families.Where(f => !Holds(f));

    public bool HasRequiredFamilies => Request.Families.Take(Request.RequiredFamilies).All(Holds);

    public void Take(AddressLedger ledger, PoolView pool, AddressFamily family, UInt128 number)
    {
        ledger.Take(family, number, Request);
        Held.Add((family, number));
        Pool = pool;
    }

    public void ReleaseAll(AddressLedger ledger, AllocationFailureReason reason, string message)
    {
        foreach (var (family, number) in Held)
        {
            ledger.Release(family, number, Request);
            Released.Add(new(AddressNumbers.ToAddress(family, number).ToString(), reason, message));
        }

        Moved |= Held.Count > 0;
        Held.Clear();
        Pool = null;
    }

    public void Release(IPAddress address, AllocationFailureReason reason, string message) =>
        Released.Add(new(address.ToString(), reason, message));

    public ServiceAllocationOutcome ToOutcome() => new()
    {
        Addresses = Request.Families
            .SelectMany(f => Held.Where(h => h.Family == f))
            .Select(h => AddressNumbers.ToAddress(h.Family, h.Number).ToString())
            .ToList(),
        Pool = Held.Count > 0 ? Pool?.Name : null,
        Failure = Failure,
        Released = Released,
    };
}
