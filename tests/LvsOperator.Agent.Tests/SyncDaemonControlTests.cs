using System.Runtime.CompilerServices;
using LvsOperator.Agent.Failover;
using LvsOperator.Netlink;
using LvsOperator.Netlink.Ipvs;
using LvsOperator.Netlink.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsOperator.Agent.Tests;

/// <summary>
/// The sync daemons following the election, against the in-memory IPVS table (it answers daemon commands as
/// ip_vs_ctl.c does: EEXIST, ESRCH): one role change is one daemon change, repeated wishes cost nothing, wishes
/// made during a slow call collapse into the last, and a failed call neither loses the role nor holds later
/// ones back. Waits are on conditions with generous bounds, never fixed sleeps.
/// </summary>
public sealed class SyncDaemonControlTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly IpvsSyncDaemon Master = new(IpvsSyncState.Master, "d-lan", 51);
    private static readonly IpvsSyncDaemon Backup = new(IpvsSyncState.Backup, "d-lan", 51);
    private int _looks;

    [Fact]
    public async Task Apply_changes_only_what_differs_from_the_running_daemons()
    {
        var ipvs = new InMemoryIpvs();

        await SyncDaemonControl.ApplyAsync(ipvs, Backup, default);
        Assert.Equal([Backup], await Running(ipvs));
        var before = ControlCalls(ipvs);
        await SyncDaemonControl.ApplyAsync(ipvs, Backup, default);
        Assert.Equal(1, ControlCalls(ipvs) - before); // the dump, nothing else

        await SyncDaemonControl.ApplyAsync(ipvs, Master, default);
        Assert.Equal([Master], await Running(ipvs));

        var elsewhere = Master with { MulticastInterface = "eth1", SyncId = 52 };
        await SyncDaemonControl.ApplyAsync(ipvs, elsewhere, default);
        Assert.Equal([elsewhere], await Running(ipvs));
    }

    [Fact]
    public async Task A_role_asked_for_several_times_is_one_daemon_change()
    {
        var ipvs = new InMemoryIpvs();
        using var control = Control(_ => Task.FromResult<IIpvsClient>(ipvs));

        // What a Backup -> Master transition does: the state change, then the addresses, each calling Follow.
        control.Follow(master: true, "d-lan", 51);
        control.Follow(master: true, "d-lan", 51);
        control.Follow(master: true, "d-lan", 51);

        await WaitFor(async () => (await Running(ipvs)).SequenceEqual([Master]));
        Assert.Equal(2, ControlCalls(ipvs)); // one dump, one IPVS_CMD_NEW_DAEMON
    }

    [Fact]
    public async Task Roles_asked_for_during_a_slow_call_collapse_into_the_last()
    {
        var ipvs = new InMemoryIpvs();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var control = Control(async _ =>
        {
            entered.TrySetResult();
            await release.Task;
            return ipvs;
        });

        control.Follow(master: true, "d-lan", 51);
        await entered.Task.WaitAsync(Patience);
        control.Follow(master: false, "d-lan", 51);
        control.Follow(master: true, "d-lan", 51);
        control.Follow(master: false, "d-lan", 51);
        release.SetResult();

        await WaitFor(async () => (await Running(ipvs)).SequenceEqual([Backup]));
        // Master (dump, start) then straight to the last wish, Backup (dump, stop master, start backup); the two
        // wishes in between never reached the kernel.
        Assert.Equal(5, ControlCalls(ipvs));
    }

    [Fact]
    public async Task A_call_that_got_no_reply_is_retried_on_a_fresh_socket()
    {
        var ipvs = new InMemoryIpvs();
        var opened = new StrongBox<int>();
        using var control = Control(TimesOutOnce(ipvs, opened));
        control.RetryDelay = TimeSpan.FromMilliseconds(50);

        control.Follow(master: true, "d-lan", 51);

        await WaitFor(async () => (await Running(ipvs)).SequenceEqual([Master]));
        Assert.Equal(2, Volatile.Read(ref opened.Value));
    }

    [Fact]
    public async Task A_new_role_does_not_wait_for_the_retry_of_a_failed_one()
    {
        var ipvs = new InMemoryIpvs();
        var opened = new StrongBox<int>();
        using var control = Control(TimesOutOnce(ipvs, opened));
        control.RetryDelay = TimeSpan.FromHours(1);

        control.Follow(master: true, "d-lan", 51);
        await WaitFor(() => Task.FromResult(Volatile.Read(ref opened.Value) == 1));
        control.Follow(master: false, "d-lan", 51);

        await WaitFor(async () => (await Running(ipvs)).SequenceEqual([Backup]));
    }

    /// <summary>The first open fails as an unanswered call does (ETIMEDOUT); later ones give <paramref name="ipvs"/>.</summary>
    private static Func<CancellationToken, Task<IIpvsClient>> TimesOutOnce(InMemoryIpvs ipvs, StrongBox<int> opened) =>
        _ => Interlocked.Increment(ref opened.Value) == 1
            ? Task.FromException<IIpvsClient>(new NetlinkException(Errnos.ETIMEDOUT, "recvfrom(AF_NETLINK)", null))
            : Task.FromResult<IIpvsClient>(ipvs);

    private static SyncDaemonControl Control(Func<CancellationToken, Task<IIpvsClient>> open) =>
        new(NullLogger<SyncDaemonControl>.Instance) { Open = open };

    /// <summary>The daemons as asked for (without the kernel's defaults); each look is one call, counted in <see cref="_looks"/>.</summary>
    private async Task<IpvsSyncDaemon[]> Running(InMemoryIpvs ipvs)
    {
        Interlocked.Increment(ref _looks);
        return [.. (await ipvs.GetSyncDaemonsAsync()).Select(d => new IpvsSyncDaemon(d.State, d.MulticastInterface, d.SyncId))];
    }

    /// <summary>Calls the control made: the table's count without the test's own looks.</summary>
    private int ControlCalls(InMemoryIpvs ipvs) => ipvs.CallCount - Volatile.Read(ref _looks);

    private static async Task WaitFor(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(10);
        }
    }
}
