using LvsOperator.Vrrp.Election;
using static LvsOperator.Vrrp.Election.VrrpState;

namespace LvsOperator.Vrrp.Tests.Election;

/// <summary>
/// Every transition of RFC 5798 §6.4.1–6.4.3 for a router at 198.18.0.2, priority 100, 1 s adverts:
/// Skew_Time = 156/256 s = 609.375 ms, Master_Down_Interval = 3609.375 ms.
/// </summary>
public sealed class TransitionTests
{
    private const string Group = "224.0.0.18";
    private const string Higher = "198.18.0.3";
    private const string Lower = "198.18.0.1";

    private sealed record Row(
        Func<SingleRouter> Arrange,
        Func<SingleRouter, IReadOnlyList<VrrpCommand>> Act,
        VrrpState Then,
        string[] Commands,
        double? NextTimerMs);

    private static readonly Dictionary<string, Row> Rows = new()
    {
        // §6.4.1 Initialize
        ["startup as the address owner: master at once"] = new(
            () => new SingleRouter(o => o with { Priority = 255 }), r => r.Instance.Start(),
            Master, ["Initialize->Master", $"send prio 255 to {Group}", "add", "announce x5"], 1000),
        ["startup otherwise: backup, addresses dropped, Master_Down_Timer running"] = new(
            () => new SingleRouter(), r => r.Instance.Start(),
            Backup, ["remove", "Initialize->Backup"], 3609.375),
        ["an advertisement before startup is not for us"] = new(
            () => new SingleRouter(), r => r.Advert(Higher, 200),
            Initialize, ["reject NotRunning"], null),

        // §6.4.2 Backup
        ["backup, shutdown: Initialize, timer cancelled"] = new(
            () => new SingleRouter().In(Backup), r => r.Instance.Shutdown(),
            Initialize, ["Backup->Initialize"], null),
        ["backup, Master_Down_Timer fires: master, advert, addresses, announcements"] = new(
            () => new SingleRouter().In(Backup).Advance(TimeSpan.FromMilliseconds(3609)), r => r.Fire(TimeSpan.FromMilliseconds(0.375)),
            Master, ["Backup->Master", $"send prio 100 to {Group}", "add", "announce x5"], 1000),
        ["backup, a wake-up before the timer is due does nothing"] = new(
            () => new SingleRouter().In(Backup).Advance(TimeSpan.FromMilliseconds(3609)), r => r.Instance.OnTimerFired(),
            Backup, [], 0.375),
        ["backup, priority 0: Master_Down_Timer = Skew_Time"] = new(
            () => new SingleRouter().In(Backup).Advance(TimeSpan.FromSeconds(1)), r => r.Advert(Higher, 0),
            Backup, [], 609.375),
        ["backup, higher priority: learns the master's interval, resets the timer"] = new(
            () => new SingleRouter().In(Backup).Advance(TimeSpan.FromSeconds(3)), r => r.Advert(Higher, 200, intervalCentiseconds: 50),
            Backup, [], 1500 + 304.6875),
        ["backup, equal priority: resets the timer"] = new(
            () => new SingleRouter().In(Backup).Advance(TimeSpan.FromSeconds(3)), r => r.Advert(Lower, 100),
            Backup, [], 3609.375),
        ["backup, lower priority with preemption: discarded, the timer keeps running"] = new(
            () => new SingleRouter().In(Backup).Advance(TimeSpan.FromSeconds(3)), r => r.Advert(Higher, 50),
            Backup, [], 609.375),
        ["backup, lower priority without preemption: accepted"] = new(
            () => new SingleRouter(o => o with { Preempt = false }).In(Backup).Advance(TimeSpan.FromSeconds(3)), r => r.Advert(Higher, 50),
            Backup, [], 3609.375),
        ["backup, another virtual router: ignored"] = new(
            () => new SingleRouter().In(Backup).Advance(TimeSpan.FromSeconds(3)), r => r.Advert(Higher, 200, vrid: 52),
            Backup, ["reject WrongVirtualRouterId"], 609.375),

        // §6.4.3 Master
        ["master, shutdown: priority 0, addresses dropped, Initialize"] = new(
            () => new SingleRouter().In(Master), r => r.Instance.Shutdown(),
            Initialize, [$"send prio 0 to {Group}", "remove", "Master->Initialize"], null),
        ["master, Adver_Timer fires: advert, timer reset"] = new(
            () => new SingleRouter().In(Master).Advance(TimeSpan.FromMilliseconds(999)), r => r.Fire(TimeSpan.FromMilliseconds(1)),
            Master, [$"send prio 100 to {Group}"], 1000),
        ["master, the second announcement burst follows after its delay"] = new(
            () => new SingleRouter().In(Master).Advance(TimeSpan.FromMilliseconds(4999)), r => r.Fire(TimeSpan.FromMilliseconds(1)),
            Master, ["announce x5 again", $"send prio 100 to {Group}"], 1000),
        ["master, priority 0 from a leaving router: advert at once, timer reset"] = new(
            () => new SingleRouter().In(Master).Advance(TimeSpan.FromMilliseconds(400)), r => r.Advert(Higher, 0),
            Master, [$"send prio 100 to {Group}"], 1000),
        ["master, higher priority: backup with the sender's interval"] = new(
            () => new SingleRouter().In(Master), r => r.Advert(Lower, 101, intervalCentiseconds: 200),
            Backup, ["remove", "Master->Backup"], 7218.75),
        ["master, equal priority from a higher address: backup"] = new(
            () => new SingleRouter().In(Master), r => r.Advert(Higher, 100),
            Backup, ["remove", "Master->Backup"], 3609.375),
        ["master, equal priority from a lower address: discarded"] = new(
            () => new SingleRouter().In(Master).Advance(TimeSpan.FromMilliseconds(400)), r => r.Advert(Lower, 100),
            Master, [], 600),
        ["master, lower priority: advert and re-announcement at once, timer reset"] = new(
            () => new SingleRouter().In(Master).Advance(TimeSpan.FromMilliseconds(400)), r => r.Advert(Higher, 99),
            Master, [$"send prio 100 to {Group}", "announce x5 again", $"answer prio 99 from {Higher}"], 1000),
        ["the address owner ignores advertisements (§7.1)"] = new(
            () => new SingleRouter(o => o with { Priority = 255 }).In(Master), r => r.Advert(Higher, 254),
            Master, ["reject LocalIsAddressOwner"], 1000),
    };

    public static TheoryData<string> Names => [.. Rows.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void Transition(string name)
    {
        var row = Rows[name];
        var router = row.Arrange();

        var commands = row.Act(router);

        Assert.Equal(row.Commands, commands.Select(SingleRouter.Describe));
        Assert.Equal(row.Then, router.Instance.State);
        Assert.Equal(row.NextTimerMs is { } ms ? TimeSpan.FromTicks((long)(ms * TimeSpan.TicksPerMillisecond)) : null, router.Instance.TimeUntilNextTimer);
    }
}
