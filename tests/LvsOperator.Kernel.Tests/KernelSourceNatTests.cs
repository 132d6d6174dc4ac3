using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Planning;
using LvsOperator.Core.Resources;
using LvsOperator.Netlink.Nftables;
using LvsOperator.Node.Kernel;
using LvsOperator.Node.Ledger;
using LvsOperator.Node.Reconcile;

namespace LvsOperator.Kernel.Tests;

/// <summary>
/// Source NAT on the lab kernel: the agent's reconcile loop makes its nftables table, one rule per service,
/// and <c>nft -j list table inet lvsoperator</c> is the independent witness. nf_tables and nft_masq autoload.
/// </summary>
public sealed class KernelSourceNatTests : KernelFixture
{
    private const string Conntrack = "net.ipv4.vs.conntrack";
    private static readonly VirtualAddressKey Web = new(Protocol.Tcp, IPAddress.Parse("192.0.2.90"), 80);
    private static readonly VirtualAddressKey Dns6 = new(Protocol.Udp, IPAddress.Parse("2001:db8::53"), 53);
    private static readonly FirewallMarkKey Mark = new(7, AddressFamily.InterNetwork);

    private static NodeDesiredState Desired(params ServiceKey[] keys) => NodeDesiredState.Empty with
    {
        Services = keys.ToImmutableSortedDictionary(k => k, k => new DesiredService(
            new IpvsService(k, "wlc", PersistencePrefixLength: Endpoints.HostPrefix(k.Family)),
            ImmutableSortedDictionary<DestinationKey, IpvsDestination>.Empty)),
        Sysctls = keys.Length == 0 ? ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal)
            : ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal).Add(Conntrack, "1"),
        SourceNat = [.. keys],
    };

    /// <summary>The comments of the rules nft lists in the agent's table, in order; empty when the table is gone.</summary>
    private List<string> NftRules()
    {
        var tables = JsonDocument.Parse(Witness("nft", "-j", "list", "tables")).RootElement.GetProperty("nftables").EnumerateArray();
        if (!tables.Any(e => e.TryGetProperty("table", out var t) && t.GetProperty("name").GetString() == "lvsoperator")) return [];
        return JsonDocument.Parse(Witness("nft", "-j", "list", "table", "inet", "lvsoperator")).RootElement.GetProperty("nftables").EnumerateArray()
            .Where(e => e.TryGetProperty("rule", out _)).Select(e => e.GetProperty("rule").GetProperty("comment").GetString()!).ToList();
    }

    [Fact]
    public Task The_reconcile_loop_keeps_one_rule_per_service_and_leaves_a_foreign_table_alone() => InNamespaceAsync(async () =>
    {
        Witness("nft", "add", "table", "inet", "foreign");
        Witness("nft", "add", "chain", "inet", "foreign", "post", "{ type nat hook postrouting priority srcnat; }");
        Witness("nft", "add", "rule", "inet", "foreign", "post", "ip daddr 198.51.100.1", "masquerade");
        var foreign = Witness("nft", "list", "table", "inet", "foreign");
        var state = Directory.CreateTempSubdirectory("lvs-ledger-");
        using var kernel = await NetlinkNodeKernel.OpenAsync(default);
        var reconciler = new NodeReconciler(kernel, new LedgerStore(state.FullName), DrainPolicy.Default, TimeProvider.System);
        var conntrackBefore = Witness("sysctl", "-n", Conntrack).Trim();

        var first = await reconciler.ReconcileAsync(Desired(Web, Dns6, Mark), default);

        Assert.Empty(first.Failures);
        Assert.Equal(["TCP 192.0.2.90:80", "FWM 7", "UDP [2001:db8::53]:53"], NftRules());
        var listing = Witness("nft", "list", "table", "inet", "lvsoperator");
        Assert.Contains("type nat hook postrouting priority srcnat; policy accept;", listing, StringComparison.Ordinal);
        Assert.Contains("ct original ip daddr 192.0.2.90 ct original proto-dst 80 ip daddr != 192.0.2.90 masquerade", listing, StringComparison.Ordinal);
        Assert.Contains("meta l4proto udp ct original ip6 daddr 2001:db8::53 ct original proto-dst 53 ip6 daddr != 2001:db8::53 masquerade", listing, StringComparison.Ordinal);
        Assert.Contains("meta mark 0x00000007 fib daddr type != local masquerade", listing, StringComparison.Ordinal);
        Assert.Equal("1", Witness("sysctl", "-n", Conntrack).Trim());
        Assert.True((await reconciler.ReconcileAsync(Desired(Web, Dns6, Mark), default)).Plan.IsEmpty);

        // One service goes: its rule alone, by handle; the others keep theirs.
        var handles = Handles();
        var second = await reconciler.ReconcileAsync(Desired(Web, Mark), default);
        Assert.Empty(second.Failures);
        Assert.Equal(["TCP 192.0.2.90:80", "FWM 7"], NftRules());
        Assert.Equal(handles.Take(2), Handles());

        // Nothing needs source NAT: the agent's table goes, the sysctl comes back, the foreign table stays.
        var last = await reconciler.ReconcileAsync(NodeDesiredState.Empty, default);
        Assert.Empty(last.Failures);
        Assert.Empty(NftRules());
        Assert.Equal(conntrackBefore, Witness("sysctl", "-n", Conntrack).Trim());
        Assert.Equal(foreign, Witness("nft", "list", "table", "inet", "foreign"));
        Assert.False(reconciler.Owned.SourceNatTable);
    });

    [Fact]
    public Task A_rejected_change_leaves_the_table_as_it_was() => InNamespaceAsync(async () =>
    {
        using var nft = NftablesClient.Open("lvsoperator", "postrouting");
        await nft.CommitAsync([new EnsureNatChain(), new AddMasqueradeRule(MasqueradeRule.ForFirewallMark("FWM 7", AddressFamily.InterNetwork, 7))]);

        var error = await Assert.ThrowsAsync<LvsOperator.Netlink.NetlinkException>(() =>
            nft.CommitAsync([new AddMasqueradeRule(MasqueradeRule.ForFirewallMark("FWM 8", AddressFamily.InterNetwork, 8)), new DeleteRule(424242)]));

        Assert.True(error.IsNotFound, error.Message);
        Assert.Equal(["FWM 7"], NftRules());
    });

    private List<ulong> Handles() => JsonDocument.Parse(Witness("nft", "-j", "list", "table", "inet", "lvsoperator")).RootElement
        .GetProperty("nftables").EnumerateArray().Where(e => e.TryGetProperty("rule", out _))
        .Select(e => e.GetProperty("rule").GetProperty("handle").GetUInt64()).ToList();
}
