using System.Net;
using LvsOperator.Core.Kernel;

namespace LvsOperator.Node.Ledger;

/// <summary>The health verdicts as stored beside the ledger: plain, versioned JSON an admin can read.</summary>
internal sealed record VerdictDocument
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;
    public List<VerdictEntryDocument> Verdicts { get; init; } = [];

    public static VerdictDocument From(IEnumerable<StoredVerdict> verdicts) => new()
    {
        Verdicts = verdicts.OrderBy(v => v.Service).ThenBy(v => v.Destination)
            .Select(v => new VerdictEntryDocument(
                ServiceKeyDocument.From(v.Service), v.Destination.Address.ToString(), v.Destination.Port, v.Healthy))
            .ToList(),
    };

    public IReadOnlyList<StoredVerdict> ToVerdicts() => Verdicts
        .Select(v => new StoredVerdict(v.Service.ToKey(), new DestinationKey(IPAddress.Parse(v.Address), v.Port), v.Healthy))
        .ToList();
}

internal sealed record VerdictEntryDocument(ServiceKeyDocument Service, string Address, ushort Port, bool Healthy);
