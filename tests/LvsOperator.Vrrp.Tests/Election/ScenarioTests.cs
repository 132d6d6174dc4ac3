using LvsOperator.Vrrp.Election;
using static LvsOperator.Vrrp.Election.VrrpState;

namespace LvsOperator.Vrrp.Tests.Election;

/// <summary>Whole elections between routers on a simulated link, timed by the fake clock.</summary>
public sealed class ScenarioTests
{
    private static readonly TimeSpan Cs10 = TimeSpan.FromMilliseconds(100);

    [Fact]
    public void With_100_ms_adverts_a_backup_takes_over_well_under_a_second_after_the_master_dies()
    {
        var lan = new Lan();
        var master = lan.Add("198.18.0.1", 200, o => o with { AdvertisementInterval = Cs10 });
        var backup = lan.Add("198.18.0.2", 100, o => o with { AdvertisementInterval = Cs10 });
        master.Start();
        backup.Start();
        lan.RunFor(TimeSpan.FromSeconds(2));
        Assert.Equal((Master, Backup), (master.State, backup.State));

        var died = lan.Now;
        master.Connected = false;
        lan.RunFor(TimeSpan.FromSeconds(2));

        // 3 × 100 ms + (256 − 100) × 100 ms / 256 = 360.9375 ms after the last advert heard.
        Assert.Equal(TimeSpan.FromMilliseconds(360.9375), backup.Instance.MasterDownInterval);
        var takeover = backup.Entered(Master)!.Value - died;
        Assert.InRange(takeover, TimeSpan.FromMilliseconds(260), TimeSpan.FromMilliseconds(361));
        Assert.True(backup.HoldsAddresses);
    }

    [Fact]
    public void A_master_shutting_down_hands_over_within_the_backups_skew_time()
    {
        var lan = new Lan();
        var master = lan.Add("198.18.0.1", 200);
        var backup = lan.Add("198.18.0.2", 100);
        master.Start();
        backup.Start();
        lan.RunFor(TimeSpan.FromSeconds(10));

        var shutdown = lan.Now;
        master.Shutdown();
        lan.RunFor(TimeSpan.FromSeconds(1));

        Assert.Equal(backup.Instance.SkewTime, backup.Entered(Master) - shutdown);
        Assert.Equal(TimeSpan.FromMilliseconds(609.375), backup.Instance.SkewTime);
        Assert.False(master.HoldsAddresses);
        Assert.True(backup.HoldsAddresses);
        Assert.Contains(master.Commands<SendAdvertisement>(), s => s.Advertisement.Priority == 0);
    }

    [Theory]
    [InlineData(100, 200, "198.18.0.2")] // priority decides
    [InlineData(150, 150, "198.18.0.2")] // equal priority: the higher address stays master
    [InlineData(200, 100, "198.18.0.1")]
    public void Two_masters_after_a_partition_settle_on_one_within_an_advert_interval(byte first, byte second, string winner)
    {
        var lan = new Lan();
        var a = lan.Add("198.18.0.1", first);
        var b = lan.Add("198.18.0.2", second);
        a.Connected = b.Connected = false;
        a.Start();
        b.Start();
        lan.RunFor(TimeSpan.FromSeconds(5));
        Assert.Equal((Master, Master), (a.State, b.State));

        a.Connected = b.Connected = true;
        lan.RunFor(TimeSpan.FromSeconds(1));

        var (won, lost) = a.Address.ToString() == winner ? (a, b) : (b, a);
        Assert.Equal((Master, Backup), (won.State, lost.State));
        Assert.Equal((true, false), (won.HoldsAddresses, lost.HoldsAddresses));
        lan.RunFor(TimeSpan.FromSeconds(30));
        Assert.Equal((Master, Backup), (won.State, lost.State));
    }

    [Fact]
    public void A_recovering_higher_priority_router_preempts_only_after_its_delay()
    {
        var lan = new Lan();
        var current = lan.Add("198.18.0.1", 100);
        current.Start();
        lan.RunFor(TimeSpan.FromSeconds(5));
        var recovering = lan.Add("198.18.0.2", 200, o => o with { PreemptDelay = TimeSpan.FromSeconds(30) });
        var started = lan.Now;
        recovering.Start();

        lan.RunFor(TimeSpan.FromSeconds(29.9));
        Assert.Equal((Master, Backup), (current.State, recovering.State));

        lan.RunFor(TimeSpan.FromSeconds(5));
        Assert.Equal((Backup, Master), (current.State, recovering.State));
        var preempted = recovering.Entered(Master)!.Value - started;
        Assert.InRange(preempted, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30) + recovering.Instance.MasterDownInterval);
    }

    [Fact]
    public void Without_a_delay_a_higher_priority_router_preempts_within_master_down_interval()
    {
        var lan = new Lan();
        var current = lan.Add("198.18.0.1", 100);
        current.Start();
        lan.RunFor(TimeSpan.FromSeconds(5));
        var higher = lan.Add("198.18.0.2", 200);
        var started = lan.Now;
        higher.Start();

        lan.RunFor(TimeSpan.FromSeconds(5));

        Assert.Equal((Backup, Master), (current.State, higher.State));
        Assert.Equal(higher.Instance.MasterDownInterval, higher.Entered(Master) - started);
    }

    [Fact]
    public void Without_preemption_a_higher_priority_router_stays_backup()
    {
        var lan = new Lan();
        var current = lan.Add("198.18.0.1", 100);
        current.Start();
        lan.RunFor(TimeSpan.FromSeconds(5));
        var higher = lan.Add("198.18.0.2", 200, o => o with { Preempt = false });
        higher.Start();

        lan.RunFor(TimeSpan.FromMinutes(2));

        Assert.Equal((Master, Backup), (current.State, higher.State));
        Assert.Empty(higher.Commands<AddVirtualAddresses>());
    }

    [Fact]
    public void A_flapping_link_never_turns_into_a_storm_of_announcements()
    {
        var lan = new Lan();
        var master = lan.Add("198.18.0.1", 200);
        var backup = lan.Add("198.18.0.2", 100);
        master.Start();
        backup.Start();
        lan.RunFor(TimeSpan.FromSeconds(5));

        // The master drops off for 4 s and comes back for 3 s, for ten minutes.
        for (var i = 0; i < 86; i++)
        {
            master.Connected = false;
            lan.RunFor(TimeSpan.FromSeconds(4));
            master.Connected = true;
            lan.RunFor(TimeSpan.FromSeconds(3));
        }

        var terms = backup.Commands<VrrpStateChanged>().Count(c => c.To == Master);
        var announcements = backup.Log.Where(l => l.Command is AnnounceVirtualAddresses).ToList();
        Assert.Equal(86, terms);
        Assert.Equal(terms, announcements.Count(l => !((AnnounceVirtualAddresses)l.Command).IsRepeat));
        // Terms last under the 5 s repeat delay, so every second burst was cancelled with its term.
        Assert.DoesNotContain(announcements, l => ((AnnounceVirtualAddresses)l.Command).IsRepeat);
        Assert.All(announcements, l => Assert.Equal(Master, l.State));
        Assert.All(announcements, l => Assert.Equal(5, ((AnnounceVirtualAddresses)l.Command).Count));
    }

    [Fact]
    public void A_stable_master_announces_twice_and_then_stays_quiet()
    {
        var lan = new Lan();
        var master = lan.Add("198.18.0.1", 200);
        master.Start();

        lan.RunFor(TimeSpan.FromMinutes(10));

        var announcements = master.Log.Where(l => l.Command is AnnounceVirtualAddresses).Select(l => l.At).ToList();
        Assert.Equal([TimeSpan.FromMilliseconds(3218.75), TimeSpan.FromMilliseconds(8218.75)], announcements);
    }
}
