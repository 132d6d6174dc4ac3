using System.Net;
using System.Net.Sockets;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Planning;
using LvsOperator.Core.Resources;
using LvsOperator.Netlink.Nftables;
using LvsOperator.Node.Ipvs;

namespace LvsOperator.Node.Nat;

/// <summary>
/// The planner's source-NAT operations as nftables changes, and a rule's comment back to the service it
/// serves. The comment is the service key as ipvsadm prints it (<c>TCP 192.0.2.10:80</c>, <c>FWM 7 IPv6</c>),
/// so <c>nft list table inet lvsoperator</c> reads like <c>ipvsadm -L -n</c>.
/// </summary>
internal static class SourceNatRules
{
    /// <summary>The agent's table and chain: <c>table inet lvsoperator { chain postrouting { type nat hook postrouting priority srcnat; } }</c>.</summary>
    public const string Table = "lvsoperator";
    public const string Chain = "postrouting";

    /// <returns>Null for an operation that is not an nftables change.</returns>
    public static NftablesChange? TryMap(Operation operation) => operation switch
    {
        EnsureSourceNatChain => new EnsureNatChain(),
        AddSourceNat op => new AddMasqueradeRule(Rule(op.Service)),
        DeleteSourceNat op => new DeleteRule(op.Handle),
        DeleteSourceNatTable => new DeleteTable(),
        _ => null,
    };

    public static MasqueradeRule Rule(ServiceKey key) => key switch
    {
        VirtualAddressKey v => MasqueradeRule.ForVirtualAddress(key.ToString(), (byte)IpvsMapping.ToNetlink(v.Protocol), v.Address, v.Port),
        FirewallMarkKey f => MasqueradeRule.ForFirewallMark(key.ToString(), f.Family, f.Mark),
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, null),
    };

    /// <summary>The service a rule's comment names, or null when it names none (not written by the agent, or edited).</summary>
    public static ServiceKey? Parse(string? comment)
    {
        ServiceKey? key = comment?.Split(' ') switch
        {
            ["FWM", var mark] when uint.TryParse(mark, out var m) => new FirewallMarkKey(m, AddressFamily.InterNetwork),
            ["FWM", var mark, "IPv6"] when uint.TryParse(mark, out var m) => new FirewallMarkKey(m, AddressFamily.InterNetworkV6),
            [var protocol, var endpoint] when Enum.TryParse<Protocol>(protocol, ignoreCase: true, out var p) && IPEndPoint.TryParse(endpoint, out var e)
                => new VirtualAddressKey(p, e.Address, (ushort)e.Port),
            _ => null,
        };

        // Only the exact text the agent writes names a service (not "tcp 192.0.2.1:80", nor one without a port).
        return key?.ToString() == comment ? key : null;
    }
}
