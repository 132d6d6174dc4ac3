using System.Net;
using LvsOperator.Vrrp.Election;
using static LvsOperator.Vrrp.Election.VrrpState;

namespace LvsOperator.Vrrp.Tests.Election;

/// <summary>
/// A master hearing a lower-priority advert (a backup that flapped to master and sent its own gratuitous ARPs)
/// answers with an advert and a re-announcement of its VIPs, at most once per advertisement interval (keepalived's
/// garp_lower_prio_repeat / garp_lower_prio_delay). The local router is 192.0.2.2, priority 100, 1 s adverts.
/// </summary>
public sealed class LowerPriorityAnswerTests
{
    private const string Local = "192.0.2.2";
    private const string Higher = "192.0.2.3";
    private const string Lower = "192.0.2.1";
    private const string Group = "224.0.0.18";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private static readonly string[] Round =
        [$"send prio 100 to {Group}", "announce x5 again", $"answer prio 50 from {Higher}"];

    private static SingleRouter Master() => new SingleRouter(o => o with { PrimaryAddress = IPAddress.Parse(Local) })
        .In(VrrpState.Master)
        .Advance(TimeSpan.FromMilliseconds(400));

    [Fact]
    public void A_master_hearing_lower_priority_sends_one_advert_and_one_announcement_round()
    {
        var router = Master();

        var commands = router.Advert(Higher, 50);

        Assert.Equal(Round, commands.Select(SingleRouter.Describe));
        Assert.Equal(VrrpState.Master, router.Instance.State);
        var announce = Assert.Single(commands.OfType<AnnounceVirtualAddresses>());
        Assert.Equal(router.Options.VirtualAddresses, announce.Addresses);
        // The answer was this interval's advert: the next is a full interval away, not 600 ms.
        Assert.Equal(Interval, router.Instance.TimeUntilNextTimer);
    }

    [Fact]
    public void Ten_lower_priority_adverts_within_one_interval_give_one_round()
    {
        var router = Master();
        var all = new List<VrrpCommand>();

        for (var i = 0; i < 10; i++)
        {
            all.AddRange(router.Advert(Higher, 50));
            router.Clock.Advance(TimeSpan.FromMilliseconds(90));
        }

        Assert.Equal(Round, all.Select(SingleRouter.Describe));
    }

    [Fact]
    public void After_an_interval_another_lower_priority_advert_gives_another_round_with_the_same_commands()
    {
        var router = Master();
        var first = router.Advert(Higher, 50);

        router.Advance(Interval - TimeSpan.FromTicks(1));
        Assert.Empty(router.Advert(Higher, 50));
        router.Advance(TimeSpan.FromTicks(1));
        var second = router.Advert(Higher, 50);

        Assert.Equal(Round, second.Select(SingleRouter.Describe));
        // Preallocated like the steady-state advert: a chattering peer costs no new announcement or payload.
        Assert.Same(
            first.OfType<AnnounceVirtualAddresses>().Single(),
            second.OfType<AnnounceVirtualAddresses>().Single());
        Assert.Same(first.OfType<SendAdvertisement>().Single(), second.OfType<SendAdvertisement>().Single());
    }

    [Fact]
    public void Equal_priority_keeps_the_address_tie_break()
    {
        var fromLower = Master();
        Assert.Empty(fromLower.Advert(Lower, 100));
        Assert.Equal(VrrpState.Master, fromLower.Instance.State);

        var fromHigher = Master();
        Assert.Equal(["remove", "Master->Backup"], fromHigher.Advert(Higher, 100).Select(SingleRouter.Describe));
        Assert.Equal(VrrpState.Backup, fromHigher.Instance.State);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_backup_hearing_lower_priority_sends_and_announces_nothing(bool preempt)
    {
        var router = new SingleRouter(o => o with { PrimaryAddress = IPAddress.Parse(Local), Preempt = preempt })
            .In(Backup);

        Assert.Empty(router.Advert(Higher, 50));
        Assert.Equal(Backup, router.Instance.State);
    }

    [Fact]
    public void A_new_mastership_answers_its_first_lower_priority_advert_at_once()
    {
        var router = Master();
        router.Advert(Higher, 50);
        // A 100 ms master that goes silent: Master_Down_Interval is 0.36 s, so mastership returns within
        // the interval of the first answer.
        router.Advert(Higher, 200, intervalCentiseconds: 10);
        Assert.Equal(Backup, router.Instance.State);

        router.Advance(router.Instance.MasterDownInterval);
        Assert.True(router.Instance.MasterDownInterval < Interval);
        Assert.Equal(VrrpState.Master, router.Instance.State);
        Assert.Equal(Round, router.Advert(Higher, 50).Select(SingleRouter.Describe));
    }

    [Fact]
    public void A_second_announcement_round_follows_the_answer_after_the_repeat_delay()
    {
        var router = Master().Advance(TimeSpan.FromSeconds(6)); // past the new mastership's own repeat
        router.Advert(Higher, 50);
        var delay = router.Options.AnnouncementRepeatDelay;

        router.Advance(delay - TimeSpan.FromMilliseconds(500));
        var commands = router.Fire(TimeSpan.FromMilliseconds(500));

        Assert.Contains("announce x5 again", commands.Select(SingleRouter.Describe));
    }

    [Fact]
    public void A_master_with_no_lower_priority_advert_sends_no_further_announcement_round()
    {
        var router = Master().Advance(TimeSpan.FromSeconds(6));
        var all = new List<string>();

        for (var i = 0; i < 10; i++) all.AddRange(router.Fire(Interval).Select(SingleRouter.Describe));

        Assert.DoesNotContain("announce x5 again", all);
    }
}
