using LvsOperator.Vrrp.Election;

namespace LvsOperator.Vrrp.Tests.Election;

/// <summary>
/// A master whose thread was not scheduled in time (a busy node, a GC pause) wakes after its Adver_Timer was due,
/// perhaps by many intervals. Keepalived's rule, and ours: one advertisement, the next a whole interval from the
/// wake-up, never a burst to catch up and never a step down because of the clock alone. And the steady state
/// allocates nothing, so the GC has nothing to stop the sender for.
/// </summary>
public sealed class LateWakeTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private static SingleRouter Master() =>
        new SingleRouter(o => o with { AdvertisementInterval = Interval }).In(VrrpState.Master).Advance(TimeSpan.FromSeconds(10));

    [Theory]
    [InlineData(1.5)]
    [InlineData(3.7)]
    [InlineData(50)]
    public void A_late_wake_sends_one_advertisement_and_counts_the_next_interval_from_now(double intervalsLate)
    {
        var router = Master();
        var due = router.Instance.TimeUntilNextTimer!.Value;

        var commands = router.Fire(due + (Interval * intervalsLate));

        Assert.Equal(["send prio 100 to 224.0.0.18"], commands.Select(SingleRouter.Describe));
        Assert.Equal(VrrpState.Master, router.Instance.State);
        Assert.Equal(Interval, router.Instance.TimeUntilNextTimer);
        Assert.Empty(router.Instance.OnTimerFired());
    }

    [Fact]
    public void A_master_woken_late_again_and_again_stays_master_with_one_advertisement_per_wake()
    {
        var router = Master();
        var sent = 0;

        for (var i = 0; i < 20; i++)
        {
            var commands = router.Fire(Interval * (1 + (i % 7)));
            Assert.DoesNotContain(commands, c => c is VrrpStateChanged or RemoveVirtualAddresses);
            sent += commands.Count(c => c is SendAdvertisement);
        }

        Assert.Equal(20, sent);
        Assert.Equal(VrrpState.Master, router.Instance.State);
    }

    [Fact]
    public void A_backup_woken_late_with_the_masters_advert_waiting_stays_backup()
    {
        var router = new SingleRouter(o => o with { AdvertisementInterval = Interval }).In(VrrpState.Backup);
        router.Advert("198.18.0.3", 200, intervalCentiseconds: 10);

        // The adapter reads the waiting advert before it serves the overdue Master_Down_Timer.
        router.Clock.Advance(router.Instance.MasterDownInterval * 3);
        router.Advert("198.18.0.3", 200, intervalCentiseconds: 10);

        Assert.Empty(router.Instance.OnTimerFired());
        Assert.Equal(VrrpState.Backup, router.Instance.State);
    }

    [Fact]
    public void A_masters_steady_advertisements_allocate_nothing()
    {
        var router = Master();
        router.Fire(router.Instance.TimeUntilNextTimer!.Value);
        long allocated = 0;
        var sent = 0;

        for (var i = 0; i < 1000; i++)
        {
            router.Clock.Advance(Interval);
            var before = GC.GetAllocatedBytesForCurrentThread();
            var commands = router.Instance.OnTimerFired();
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            sent += commands.Count;
        }

        Assert.Equal(1000, sent);
        Assert.Equal(0, allocated);
    }
}
