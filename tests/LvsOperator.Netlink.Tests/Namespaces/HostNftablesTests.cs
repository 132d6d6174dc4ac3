using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using LvsOperator.Netlink.Nftables;
using LvsOperator.Netlink.Tests.Support;

namespace LvsOperator.Netlink.Tests.Namespaces;

/// <summary>
/// nf_tables against the host's real kernel (it has nf_tables and nat, not IPVS), each test in a fresh
/// network namespace. <c>nft</c> is the independent witness: what it lists is what the kernel holds.
/// </summary>
public sealed class HostNftablesTests : IDisposable
{
    private readonly NetworkNamespaceThread _namespace = new();

    public void Dispose() => _namespace.Dispose();

    private string Nft(params string[] arguments) => Witness.Run(_namespace.NamespacePath, "nft", arguments);

    private Task Run(Func<NftablesClient, Task> test) => _namespace.RunAsync(async () =>
    {
        using NftablesClient nft = NftablesClient.Open("lvsoperator", "postrouting");
        await test(nft);
    });

    private static readonly MasqueradeRule Tcp4 = MasqueradeRule.ForVirtualAddress("TCP 192.0.2.10:80", 6, IPAddress.Parse("192.0.2.10"), 80);
    private static readonly MasqueradeRule Udp6 = MasqueradeRule.ForVirtualAddress("UDP [2001:db8::1]:53", 17, IPAddress.Parse("2001:db8::1"), 53);
    private static readonly MasqueradeRule Mark = MasqueradeRule.ForFirewallMark("FWM 7", AddressFamily.InterNetwork, 7);

    [Fact]
    public Task Absent_table_reads_as_absent() => Run(async nft =>
        Assert.Equal(NftablesChain.Absent, await nft.ReadAsync()));

    [Fact]
    public Task Rules_are_what_nft_prints_for_the_same_matches() => Run(async nft =>
    {
        await nft.CommitAsync([new EnsureNatChain(), new AddMasqueradeRule(Tcp4), new AddMasqueradeRule(Udp6), new AddMasqueradeRule(Mark)]);

        string listing = Nft("list", "table", "inet", "lvsoperator");
        Assert.Contains("type nat hook postrouting priority srcnat; policy accept;", listing, StringComparison.Ordinal);
        Assert.Contains("meta l4proto tcp ct original ip daddr 192.0.2.10 ct original proto-dst 80 ip daddr != 192.0.2.10 masquerade comment \"TCP 192.0.2.10:80\"", listing, StringComparison.Ordinal);
        Assert.Contains("meta l4proto udp ct original ip6 daddr 2001:db8::1 ct original proto-dst 53 ip6 daddr != 2001:db8::1 masquerade comment \"UDP [2001:db8::1]:53\"", listing, StringComparison.Ordinal);
        Assert.Contains("meta nfproto ipv4 meta mark 0x00000007 fib daddr type != local masquerade comment \"FWM 7\"", listing, StringComparison.Ordinal);

        NftablesChain read = await nft.ReadAsync();
        Assert.True(read.TableExists && read.ChainExists);
        Assert.Equal(["TCP 192.0.2.10:80", "UDP [2001:db8::1]:53", "FWM 7"], read.Rules.Select(r => r.Comment));
        Assert.Equal(Handles(), read.Rules.Select(r => r.Handle));
    });

    [Fact]
    public Task A_rule_is_deleted_by_handle_and_the_others_stay() => Run(async nft =>
    {
        await nft.CommitAsync([new EnsureNatChain(), new AddMasqueradeRule(Tcp4), new AddMasqueradeRule(Mark)]);
        NftablesRule first = (await nft.ReadAsync()).Rules[0];

        await nft.CommitAsync([new DeleteRule(first.Handle)]);

        Assert.Equal(["FWM 7"], (await nft.ReadAsync()).Rules.Select(r => r.Comment));
        Assert.Equal(Handles(), (await nft.ReadAsync()).Rules.Select(r => r.Handle));
        Assert.DoesNotContain(first.Handle, Handles());
    });

    [Fact]
    public Task A_failing_change_aborts_the_whole_transaction() => Run(async nft =>
    {
        await nft.CommitAsync([new EnsureNatChain(), new AddMasqueradeRule(Tcp4)]);

        var error = await Assert.ThrowsAsync<NetlinkException>(() => nft.CommitAsync([new AddMasqueradeRule(Mark), new DeleteRule(9999)]));

        Assert.True(error.IsNotFound, error.Message);
        Assert.Equal(["TCP 192.0.2.10:80"], (await nft.ReadAsync()).Rules.Select(r => r.Comment));
    });

    [Fact]
    public Task Ensure_is_idempotent_and_repairs_a_deleted_chain() => Run(async nft =>
    {
        await nft.CommitAsync([new EnsureNatChain()]);
        await nft.CommitAsync([new EnsureNatChain()]);
        Nft("delete", "chain", "inet", "lvsoperator", "postrouting");
        Assert.Equal(new NftablesChain(true, false, []), await nft.ReadAsync());

        await nft.CommitAsync([new EnsureNatChain()]);

        NftablesChain read = await nft.ReadAsync();
        Assert.True(read.ChainExists);
        Assert.Empty(read.Rules);
    });

    [Fact]
    public Task Deleting_the_table_leaves_a_foreign_table_alone() => Run(async nft =>
    {
        Nft("add", "table", "inet", "foreign");
        Nft("add", "chain", "inet", "foreign", "post", "{ type nat hook postrouting priority srcnat; }");
        Nft("add", "rule", "inet", "foreign", "post", "ip daddr 198.51.100.1 masquerade");
        string foreign = Nft("list", "table", "inet", "foreign");
        await nft.CommitAsync([new EnsureNatChain(), new AddMasqueradeRule(Tcp4)]);

        await nft.CommitAsync([new DeleteTable()]);

        Assert.Equal(NftablesChain.Absent, await nft.ReadAsync());
        Assert.Equal(foreign, Nft("list", "table", "inet", "foreign"));
        Assert.Equal(["foreign"], JsonDocument.Parse(Nft("-j", "list", "tables")).RootElement.GetProperty("nftables")
            .EnumerateArray().Where(e => e.TryGetProperty("table", out _)).Select(e => e.GetProperty("table").GetProperty("name").GetString()));
    });

    /// <summary>The handles nft -j reports for the rules of the chain, in order.</summary>
    private List<ulong> Handles() => JsonDocument.Parse(Nft("-j", "list", "chain", "inet", "lvsoperator", "postrouting")).RootElement
        .GetProperty("nftables").EnumerateArray().Where(e => e.TryGetProperty("rule", out _))
        .Select(e => e.GetProperty("rule").GetProperty("handle").GetUInt64()).ToList();
}
