using System.Net;

namespace LvsOperator.Vrrp.Election;

/// <summary>
/// A master's answer to a lower-priority advertisement, which §6.4.3 would only discard: the sender was master a
/// moment ago (a flap) and its gratuitous ARPs may still point neighbours at it, so the master re-announces its
/// addresses, as keepalived's <c>garp_lower_prio_repeat</c> does. At most once per advertisement interval however
/// many such adverts arrive: a chattering peer gets no burst. The instance sends a second round
/// <c>AnnouncementRepeatDelay</c> later (keepalived's <c>garp_lower_prio_delay</c>), for a sender whose own
/// announcements went out after this answer.
/// </summary>
internal sealed class LowerPriorityAnswer(VrrpInstanceOptions options)
{
    private readonly AnnounceVirtualAddresses _announce =
        new(options.VirtualAddresses, options.AnnouncementCount, IsRepeat: true);
    private TimeSpan? _quietUntil;

    /// <summary>Whether an answer may go out at <paramref name="now"/>; if so the next one waits an interval.</summary>
    public bool TryStart(TimeSpan now)
    {
        if (_quietUntil > now) return false;
        _quietUntil = now + options.AdvertisementInterval;
        return true;
    }

    /// <summary>Appends the re-announcement (the same command every time) and the note saying why.</summary>
    public void AddTo(List<VrrpCommand> commands, IPAddress source, byte priority)
    {
        commands.Add(_announce);
        commands.Add(new LowerPriorityAdvertisementAnswered(source, priority));
    }

    /// <summary>A new mastership answers the first lower-priority advert at once.</summary>
    public void Reset() => _quietUntil = null;
}
