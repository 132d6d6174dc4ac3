using LvsOperator.Node.Bgp;

namespace LvsOperator.Node.Tests.Bgp;

public sealed class FrrDaemonTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("frr-daemon-").FullName;
    private readonly ScriptedCommands _commands = new();

    private FrrDaemon Daemon(string? pathspace = null) =>
        new(new FrrOptions { ConfigPath = Path.Combine(_directory, "frr.conf"), Pathspace = pathspace }, _commands);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_new_configuration_is_written_owner_only_and_reloaded_once()
    {
        var daemon = Daemon("lvs");

        Assert.Equal(FrrApply.Applied, await daemon.ApplyAsync(new FrrRendering("router bgp 64512\n", []), CancellationToken.None));
        Assert.Equal(FrrApply.Unchanged, await daemon.ApplyAsync(new FrrRendering("router bgp 64512\n", []), CancellationToken.None));

        var path = Path.Combine(_directory, "frr.conf");
        Assert.Equal("router bgp 64512\n", await File.ReadAllTextAsync(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        var call = Assert.Single(_commands.Calls);
        Assert.Equal("/usr/lib/frr/frr-reload.py", call.File);
        Assert.Equal(["--pathspace", "lvs", "--reload", "--stdout", path], call.Arguments);
        Assert.Equal(["frr.conf"], Directory.GetFiles(_directory).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_refused_configuration_says_why_and_is_tried_again_next_time()
    {
        var daemon = Daemon();
        _commands.Next = new CommandResult(1, "", "Reloading...\n% Unknown command: neighbor 192.0.2.1 bogus\n");

        var refused = await Assert.ThrowsAsync<FrrException>(() => daemon.ApplyAsync(new FrrRendering("x\n", []), CancellationToken.None));

        Assert.Equal("frr-reload exited 1: % Unknown command: neighbor 192.0.2.1 bogus", refused.Message);
        Assert.Equal(FrrApply.Applied, await daemon.ApplyAsync(new FrrRendering("x\n", []), CancellationToken.None));
        Assert.Equal(2, _commands.Calls.Count);
    }

    [Fact]
    public async Task Sessions_are_read_with_vtysh_in_the_pathspace()
    {
        _commands.Next = new CommandResult(0, FrrCaptures.BgpSummary, "");

        var sessions = await Daemon("lvs").ReadSessionsAsync(CancellationToken.None);

        Assert.Equal(2, sessions.Count);
        Assert.Equal(["-N", "lvs", "-c", "show bgp summary json"], _commands.Calls.Single().Arguments);
    }

    [Theory]
    [InlineData(1, "", "vtysh exited 1: Exiting: failed to connect to any daemons.")]
    [InlineData(0, "% BGP instance not found", "not FRR's bgp summary")]
    public async Task A_daemon_that_cannot_answer_is_an_error_never_no_sessions(int exit, string output, string message)
    {
        _commands.Next = new CommandResult(exit, output, exit == 0 ? "" : "Exiting: failed to connect to any daemons.\n");

        var error = await Assert.ThrowsAsync<FrrException>(() => Daemon().ReadSessionsAsync(CancellationToken.None));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bgpd_restarted_without_the_configuration_gets_it_again_and_one_that_kept_it_is_not_reloaded()
    {
        var frr = new FakeFrr();
        var daemon = new FrrDaemon(new FrrOptions { ConfigPath = Path.Combine(_directory, "frr.conf") }, frr);
        var rendering = new FrrRendering(Configuration, []) { Marker = " neighbor 192.0.2.1 description lvs-operator 0123456789abcdef" };

        Assert.Equal(FrrApply.Applied, await daemon.ApplyAsync(rendering, CancellationToken.None));
        Assert.Equal(FrrApply.Unchanged, await daemon.ApplyAsync(rendering, CancellationToken.None));
        frr.Restart();
        Assert.Equal(FrrApply.Restored, await daemon.ApplyAsync(rendering, CancellationToken.None));

        Assert.Equal(2, frr.Reloads);
        Assert.Contains(rendering.Marker, frr.Running, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bgpd_that_cannot_be_asked_whether_it_holds_the_configuration_is_an_error_and_asked_again()
    {
        var daemon = Daemon("lvs");
        var rendering = new FrrRendering("x\n", []) { Marker = " neighbor 192.0.2.1 description lvs-operator 0123456789abcdef" };
        await daemon.ApplyAsync(rendering, CancellationToken.None);
        _commands.Next = new CommandResult(1, "", "Exiting: failed to connect to any daemons.\n");

        await Assert.ThrowsAsync<FrrException>(() => daemon.ApplyAsync(rendering, CancellationToken.None));

        Assert.Equal(["-N", "lvs", "-d", "bgpd", "-c", "show running-config"], _commands.Calls[1].Arguments);
        await daemon.ApplyAsync(rendering, CancellationToken.None);
        Assert.Equal(["-N", "lvs", "-d", "bgpd", "-c", "show running-config"], _commands.Calls[2].Arguments);
    }

    [Fact]
    public async Task A_withdrawal_removes_exactly_the_networks_bgpd_holds_in_one_vtysh_change_and_leaves_the_file_withdrawn()
    {
        var frr = new FakeFrr();
        var daemon = new FrrDaemon(new FrrOptions { ConfigPath = Path.Combine(_directory, "frr.conf") }, frr);
        await daemon.ApplyAsync(new FrrRendering(Configuration, []), CancellationToken.None);
        var withdrawn = new FrrRendering(Configuration.Replace("  network 192.0.2.120/32\n", "", StringComparison.Ordinal), []);

        Assert.Equal(1, await daemon.WithdrawAsync(withdrawn, CancellationToken.None));

        Assert.DoesNotContain("network 192.0.2.120", frr.Running, StringComparison.Ordinal);
        Assert.Equal(withdrawn.Text, await File.ReadAllTextAsync(Path.Combine(_directory, "frr.conf")));
        Assert.Equal(["configure terminal", "router bgp 64512", "address-family ipv4 unicast", "no network 192.0.2.120/32",
            "exit-address-family", "end"], Assert.Single(frr.Changes));
        Assert.Equal(1, frr.Reloads);
        Assert.Equal(0, await daemon.WithdrawAsync(withdrawn, CancellationToken.None));
        Assert.Single(frr.Changes);
    }

    private const string Configuration = """
        frr defaults traditional
        !
        router bgp 64512
         neighbor 192.0.2.1 remote-as 64500
         neighbor 192.0.2.1 description lvs-operator 0123456789abcdef
         !
         address-family ipv4 unicast
          network 192.0.2.120/32
          neighbor 192.0.2.1 activate
         exit-address-family
        exit
        !

        """;

    private sealed class ScriptedCommands : ICommandRunner
    {
        public List<(string File, IReadOnlyList<string> Arguments)> Calls { get; } = [];
        public CommandResult? Next { get; set; }

        public Task<CommandResult> RunAsync(string file, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
        {
            Calls.Add((file, arguments.ToList()));
            var result = Next ?? new CommandResult(0, "", "");
            Next = null;
            return Task.FromResult(result);
        }
    }
}
