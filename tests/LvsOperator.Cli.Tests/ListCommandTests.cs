using System.Collections.Immutable;
using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using LvsOperator.Cli.List;
using LvsOperator.Core.Kernel;
using IpvsDestination = LvsOperator.Netlink.Ipvs.IpvsDestination;
using IpvsService = LvsOperator.Netlink.Ipvs.IpvsService;
using LvsOperator.Core.Planning;
using LvsOperator.Core.Resources;
using LvsOperator.Netlink;
using LvsOperator.Netlink.Ipvs;
using LvsOperator.Netlink.Testing;
using LvsOperator.Node.Ledger;

namespace LvsOperator.Cli.Tests;

/// <summary>
/// <c>lvsctl list</c> end to end on the host: the in-memory IPVS fake (which passes the kernel's
/// contract suite) instead of netlink, a real ledger on disk. The kernel suite compares it with ipvsadm.
/// </summary>
public sealed class ListCommandTests : IDisposable
{
    private readonly string _stateDir = Path.Combine(Path.GetTempPath(), $"lvsctl-list-{Guid.NewGuid():N}");
    private readonly InMemoryIpvs _ipvs = new();

    public ListCommandTests()
    {
        var web = IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, IPAddress.Parse("192.0.2.120"), 10087);
        _ipvs.AddServiceAsync(new IpvsService(web) { Scheduler = "wrr", Flags = IpvsServiceFlags.Persistent, PersistenceTimeout = 60 }).GetAwaiter().GetResult();
        _ipvs.AddDestinationAsync(web, new IpvsDestination(IPAddress.Parse("198.18.0.102"), 10087) { ForwardingMethod = IpvsForwardingMethod.DirectRoute, Weight = 2 }).GetAwaiter().GetResult();
        var kubeProxy = IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, IPAddress.Parse("10.96.0.1"), 443);
        _ipvs.AddServiceAsync(new IpvsService(kubeProxy) { Scheduler = "rr" }).GetAwaiter().GetResult();
        _ipvs.AddDestinationAsync(kubeProxy, new IpvsDestination(IPAddress.Parse("10.0.0.5"), 6443)).GetAwaiter().GetResult();
        var mark = IpvsServiceKey.ForFirewallMark(AddressFamily.InterNetworkV6, 7);
        _ipvs.AddServiceAsync(new IpvsService(mark) { Scheduler = "sh", Flags = IpvsServiceFlags.SourceHashPort }).GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        _ipvs.Dispose();
        if (Directory.Exists(_stateDir)) Directory.Delete(_stateDir, recursive: true);
    }

    [Fact]
    public void Marks_what_the_ledger_owns_and_leaves_kube_proxys_service_unmarked()
    {
        Own(new VirtualAddressKey(Protocol.Tcp, IPAddress.Parse("192.0.2.120"), 10087), new FirewallMarkKey(7, AddressFamily.InterNetworkV6));

        var run = List("list", "--state-dir", _stateDir);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        Assert.Equal(ListSamples.Text(
        [
            "IP Virtual Server version 1.2.1 (size=4096)",
            "Prot LocalAddress:Port Scheduler Flags",
            "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn",
            "TCP  10.96.0.1:443 rr",
            "  -> 10.0.0.5:6443                Masq    1      0          0         ",
            "TCP  192.0.2.120:10087 wrr persistent 60 [lvs]",
            "  -> 198.18.0.102:10087           Route   2      0          0          [lvs]",
            "FWM  7 IPv6 sh (sh-port) [lvs]",
        ]), run.Stdout);
    }

    [Fact]
    public void Without_a_ledger_nothing_is_marked()
    {
        var run = List("list", "--thresholds", "--state-dir", _stateDir);
        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("[lvs]", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("  -> 198.18.0.102:10087           0          0          0          0         \n", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreadable_ledger_is_an_error_and_nothing_is_listed()
    {
        Directory.CreateDirectory(_stateDir);
        File.WriteAllText(Path.Combine(_stateDir, "ledger.json"), "{ \"version\": 1, \"services\": [ { \"protocol\": ");

        var run = List("list", "--state-dir", _stateDir);

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.StartsWith($"lvsctl: cannot read the ownership ledger {Path.Combine(_stateDir, "ledger.json")}: ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_kernel_without_ipvs_is_an_error_in_lvsctl_words()
    {
        var run = List(new ListSources(_ => throw new NetlinkException(Errnos.ENOENT, "CTRL_CMD_GETFAMILY IPVS", null), () => ""), "list", "--state-dir", _stateDir);

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Equal("lvsctl: cannot read IPVS: this kernel has no IP Virtual Server (no generic netlink family \"IPVS\"); " +
                     "is ip_vs built in, or a module this node can load?\n", run.Stderr);
    }

    [Fact]
    public void Without_cap_net_admin_the_error_says_so()
    {
        var run = List(new ListSources(_ => throw new NetlinkException(Errnos.EPERM, "IPVS_CMD_GET_INFO", null), () => ""), "list", "-c");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("needs CAP_NET_ADMIN", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dump_that_fails_midway_lists_nothing()
    {
        var failing = new FailingDestinations(_ipvs);
        var run = List(new ListSources(_ => Task.FromResult<IIpvsClient>(failing), () => ""), "list", "--state-dir", _stateDir);
        Assert.Equal(1, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.StartsWith("lvsctl: cannot read IPVS: IPVS_CMD_GET_DEST (dump) failed: ENOMEM", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Connections_come_from_ip_vs_conn_and_unreadable_lines_are_reported()
    {
        var text = "Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData\n" +
                   "TCP C0000201 D431 C0000278 2767 C6120066 2767 ESTABLISHED     899\n" +
                   "TCP what is this\n";
        var run = List(new ListSources(_ => Lend(), () => text), "list", "--connections", "--state-dir", "/nonexistent");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(ListSamples.Text(
        [
            "IPVS connection entries",
            "pro expire state       source             virtual            destination",
            "TCP 14:59  ESTABLISHED 192.0.2.1:54321    192.0.2.120:10087  198.18.0.102:10087",
        ]), run.Stdout);
        Assert.Equal("lvsctl: warning: skipped 1 line(s) of ip_vs_conn not in the kernel's format\n", run.Stderr);
    }

    [Fact]
    public void A_connection_table_that_cannot_be_read_is_an_error()
    {
        var run = List(new ListSources(_ => Lend(), () => throw new FileNotFoundException("no /proc/net/ip_vs_conn")), "list", "-c");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("lvsctl: cannot read the IPVS connection table: no /proc/net/ip_vs_conn\n", run.Stderr);
    }

    [Theory]
    [InlineData("--stats", "--rate")]
    [InlineData("--thresholds", "--persistent-conn")]
    [InlineData("--connections", "--stats")]
    [InlineData("-c", "--thresholds")]
    [InlineData("--state-dir")]
    [InlineData("--sort")]
    public void Conflicting_or_unknown_options_are_usage_errors(params string[] options)
    {
        var run = Run.Lvsctl(["list", .. options]);
        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Contains("Run 'lvsctl --help' for usage.", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_says_how_owned_lines_are_marked_and_how_lines_are_sorted()
    {
        var run = Run.Lvsctl("list", "--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("' [lvs]'", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("sorted by firewall mark", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("/var/lib/lvs-operator", run.Stdout, StringComparison.Ordinal);
    }

    private void Own(params ServiceKey[] services) =>
        new LedgerStore(_stateDir).Save(OwnedState.Empty with { Services = [.. services] });

    private Run List(params string[] args) => List(new ListSources(_ => Lend(), () => ""), args);

    private Task<IIpvsClient> Lend() => Task.FromResult<IIpvsClient>(new Borrowed(_ipvs));

    private static Run List(ListSources sources, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var root = new RootCommand { ListCommand.Create(stdout, stderr, sources) };
        var parsed = root.Parse(args);
        Assert.Empty(parsed.Errors);
        var exit = parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        return new Run(exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The command disposes the client it opened; the test keeps using its fake.</summary>
    private sealed class Borrowed(InMemoryIpvs inner) : FailingDestinations(inner, fail: false);

    /// <summary>A destination dump that fails as a kernel out of memory would.</summary>
    private class FailingDestinations(InMemoryIpvs inner, bool fail = true) : IIpvsClient
    {
        public Task<IpvsInfo> GetInfoAsync(CancellationToken cancellationToken = default) => inner.GetInfoAsync(cancellationToken);
        public Task<IReadOnlyList<IpvsService>> GetServicesAsync(CancellationToken cancellationToken = default) => inner.GetServicesAsync(cancellationToken);
        public Task<IpvsService> GetServiceAsync(IpvsServiceKey key, CancellationToken cancellationToken = default) => inner.GetServiceAsync(key, cancellationToken);
        public Task AddServiceAsync(IpvsService service, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task UpdateServiceAsync(IpvsService service, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task DeleteServiceAsync(IpvsServiceKey key, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<IReadOnlyList<IpvsDestination>> GetDestinationsAsync(IpvsServiceKey service, CancellationToken cancellationToken = default) => fail
            ? throw new NetlinkException(Errnos.ENOMEM, "IPVS_CMD_GET_DEST (dump)", null)
            : inner.GetDestinationsAsync(service, cancellationToken);
        public Task AddDestinationAsync(IpvsServiceKey service, IpvsDestination destination, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task UpdateDestinationAsync(IpvsServiceKey service, IpvsDestination destination, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task DeleteDestinationAsync(IpvsServiceKey service, IpvsDestinationKey destination, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<IpvsTimeouts> GetTimeoutsAsync(CancellationToken cancellationToken = default) => inner.GetTimeoutsAsync(cancellationToken);
        public Task SetTimeoutsAsync(IpvsTimeouts timeouts, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<IReadOnlyList<IpvsSyncDaemon>> GetSyncDaemonsAsync(CancellationToken cancellationToken = default) => inner.GetSyncDaemonsAsync(cancellationToken);
        public Task StartSyncDaemonAsync(IpvsSyncDaemon daemon, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task StopSyncDaemonAsync(IpvsSyncState state, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<IpvsBatchResult> ExecuteAsync(IReadOnlyList<IpvsOperation> operations, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public void Dispose()
        {
            // The fake belongs to the test.
        }
    }
}
