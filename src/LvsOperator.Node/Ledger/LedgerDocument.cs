using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Serialization;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Planning;
using LvsOperator.Core.Resources;

namespace LvsOperator.Node.Ledger;

/// <summary>The ledger as it is stored on the node: plain, versioned JSON an admin can read.</summary>
internal sealed record LedgerDocument
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;
    public List<ServiceKeyDocument> Services { get; init; } = [];
    public List<AddressDocument> Addresses { get; init; } = [];
    public List<string> CreatedLinks { get; init; } = [];
    public List<string> RaisedLinks { get; init; } = [];
    public SortedDictionary<string, string> SysctlOriginals { get; init; } = new(StringComparer.Ordinal);
    public List<DrainDocument> Draining { get; init; } = [];

    /// <summary>Whether the agent created the nftables table <c>inet lvsoperator</c> (absent in ledgers written before source NAT: false).</summary>
    public bool SourceNatTable { get; init; }

    /// <summary>GUE receive ports the agent opened (absent in ledgers written before: none).</summary>
    public List<GuePortDocument> GuePorts { get; init; } = [];

    public static LedgerDocument From(OwnedState owned) => new()
    {
        Services = owned.Services.Order().Select(ServiceKeyDocument.From).ToList(),
        Addresses = owned.Addresses.Order().Select(a => new AddressDocument(a.Interface, a.Address.ToString())).ToList(),
        CreatedLinks = owned.CreatedLinks.Order(StringComparer.Ordinal).ToList(),
        RaisedLinks = owned.RaisedLinks.Order(StringComparer.Ordinal).ToList(),
        SysctlOriginals = new SortedDictionary<string, string>(owned.SysctlOriginals, StringComparer.Ordinal),
        Draining = owned.Draining.OrderBy(d => d.Key.Service).ThenBy(d => d.Key.Destination)
            .Select(d => new DrainDocument(ServiceKeyDocument.From(d.Key.Service), d.Key.Destination.Address.ToString(), d.Key.Destination.Port, d.Value))
            .ToList(),
        SourceNatTable = owned.SourceNatTable,
        GuePorts = owned.GuePorts.Order().Select(p => new GuePortDocument(p.Port, p.Family.ToIpFamily())).ToList(),
    };

    public OwnedState ToOwnedState() => new(
        Services.Select(s => s.ToKey()).ToImmutableHashSet(),
        Addresses.Select(a => new InterfaceAddress(a.Interface, IPAddress.Parse(a.Address))).ToImmutableHashSet(),
        CreatedLinks.ToImmutableHashSet(),
        RaisedLinks.ToImmutableHashSet(),
        SysctlOriginals.ToImmutableDictionary(),
        Draining.ToImmutableDictionary(
            d => new DrainKey(d.Service.ToKey(), new DestinationKey(IPAddress.Parse(d.Address), d.Port)),
            d => d.Since))
    {
        SourceNatTable = SourceNatTable,
        GuePorts = GuePorts.Select(p => new FouPortKey(p.Port, p.Family.ToAddressFamily())).ToImmutableHashSet(),
    };
}

internal sealed record GuePortDocument(ushort Port, IpFamily Family);

internal sealed record AddressDocument(string Interface, string Address);

internal sealed record DrainDocument(ServiceKeyDocument Service, string Address, ushort Port, DateTimeOffset Since);

/// <summary>A service key: protocol, address and port, or firewall mark and family.</summary>
internal sealed record ServiceKeyDocument(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Protocol? Protocol,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Address,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ushort? Port,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] uint? FirewallMark,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IpFamily? Family)
{
    public static ServiceKeyDocument From(ServiceKey key) => key switch
    {
        VirtualAddressKey v => new(v.Protocol, v.Address.ToString(), v.Port, null, null),
        FirewallMarkKey f => new(null, null, null, f.Mark, f.AddressFamily.ToIpFamily()),
        _ => throw new ArgumentOutOfRangeException(nameof(key)),
    };

    public ServiceKey ToKey() => FirewallMark is { } mark
        ? new FirewallMarkKey(mark, Family.ToAddressFamily())
        : new VirtualAddressKey(Protocol ?? throw new InvalidDataException("service without protocol"),
            IPAddress.Parse(Address ?? throw new InvalidDataException("service without address")), Port ?? 0);
}
