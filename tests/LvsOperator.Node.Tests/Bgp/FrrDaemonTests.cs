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

        Assert.True(await daemon.ApplyAsync("router bgp 64512\n", CancellationToken.None));
        Assert.False(await daemon.ApplyAsync("router bgp 64512\n", CancellationToken.None));

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

        var refused = await Assert.ThrowsAsync<FrrException>(() => daemon.ApplyAsync("x\n", CancellationToken.None));

        Assert.Equal("frr-reload exited 1: % Unknown command: neighbor 192.0.2.1 bogus", refused.Message);
        Assert.True(await daemon.ApplyAsync("x\n", CancellationToken.None));
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
