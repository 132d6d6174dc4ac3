using System.Net;
using LvsOperator.Vrrp.Election;
using Microsoft.Extensions.Time.Testing;

namespace LvsOperator.Vrrp.Tests.Election;

public sealed class OptionsTests
{
    private static readonly VrrpInstanceOptions Valid = Lan.Options("198.18.0.2", 100);

    public static TheoryData<string, string> Invalid => new()
    {
        { "vrid 0", "virtualRouterId must be 1-255" },
        { "priority 0", "priority must be 1-254, or 255" },
        { "interval 0", "advertisementInterval must be 1-4095 centiseconds" },
        { "interval 41 s", "advertisementInterval must be 1-4095 centiseconds" },
        { "interval 15 ms", "advertisementInterval must be 1-4095 centiseconds" },
        { "preempt delay 1001 s", "preemptDelay must be 0-1000 s" },
        { "no announcements", "announcementCount must be at least 1" },
        { "negative repeat delay", "announcementRepeatDelay must not be negative" },
        { "no addresses", "virtualAddresses must hold 1-255 addresses" },
        { "ipv6 address for ipv4", "virtualAddresses must be distinct IPv4 addresses" },
        { "duplicate address", "virtualAddresses must be distinct IPv4 addresses" },
        { "ipv6 global primary", "primaryAddress must be the interface's IPv6 link-local address" },
        { "peer is self", "unicastPeers must be other nodes' unicast IPv4 addresses" },
        { "multicast peer", "unicastPeers must be other nodes' unicast IPv4 addresses" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Each_rule_names_the_field_and_the_range(string change, string message)
    {
        var options = Change(change);

        Assert.Contains(options.Validate(), e => e.StartsWith(message, StringComparison.Ordinal));
        var thrown = Assert.Throws<ArgumentException>(() => new VrrpInstance(options, new FakeTimeProvider()));
        Assert.Contains(message, thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_with_an_id_and_addresses_are_valid_and_match_keepalived()
    {
        Assert.Empty(Valid.Validate());
        Assert.Equal((100, 100, true, 5), (Valid.Priority, Valid.IntervalCentiseconds, Valid.Preempt, Valid.AnnouncementCount));
        Assert.Equal(TimeSpan.FromSeconds(5), Valid.AnnouncementRepeatDelay);
        Assert.Empty((Valid with { Priority = 255 }).Validate());
        Assert.Empty((Valid with { AdvertisementInterval = TimeSpan.FromSeconds(40.95) }).Validate());
    }

    [Fact]
    public void Every_error_is_reported_at_once()
    {
        var options = Valid with { VirtualRouterId = 0, Priority = 0, VirtualAddresses = [] };
        Assert.Equal(3, options.Validate().Count);
    }

    private static VrrpInstanceOptions Change(string change) => change switch
    {
        "vrid 0" => Valid with { VirtualRouterId = 0 },
        "priority 0" => Valid with { Priority = 0 },
        "interval 0" => Valid with { AdvertisementInterval = TimeSpan.Zero },
        "interval 41 s" => Valid with { AdvertisementInterval = TimeSpan.FromSeconds(41) },
        "interval 15 ms" => Valid with { AdvertisementInterval = TimeSpan.FromMilliseconds(15) },
        "preempt delay 1001 s" => Valid with { PreemptDelay = TimeSpan.FromSeconds(1001) },
        "no announcements" => Valid with { AnnouncementCount = 0 },
        "negative repeat delay" => Valid with { AnnouncementRepeatDelay = TimeSpan.FromSeconds(-1) },
        "no addresses" => Valid with { VirtualAddresses = [] },
        "ipv6 address for ipv4" => Valid with { VirtualAddresses = [IPAddress.Parse("2001:db8::1")] },
        "duplicate address" => Valid with { VirtualAddresses = [IPAddress.Parse("192.0.2.1"), IPAddress.Parse("192.0.2.1")] },
        "ipv6 global primary" => Valid with { PrimaryAddress = IPAddress.Parse("2001:db8::2"), VirtualAddresses = [IPAddress.Parse("2001:db8::1")] },
        "peer is self" => Valid with { UnicastPeers = [IPAddress.Parse("198.18.0.2")] },
        "multicast peer" => Valid with { UnicastPeers = [IPAddress.Parse("224.0.0.18")] },
        _ => throw new ArgumentOutOfRangeException(nameof(change), change, null),
    };
}
