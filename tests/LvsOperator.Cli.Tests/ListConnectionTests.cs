using System.Net;
using System.Text;
using LvsOperator.Cli.List;
using static LvsOperator.Cli.Tests.ListSamples;

namespace LvsOperator.Cli.Tests;

public sealed class ListConnectionTests
{
    /// <summary>/proc/net/ip_vs_conn as the lab's 6.1 kernel wrote it after local NAT traffic (TCP over IPv4 and IPv6, persistent UDP).</summary>
    private const string Captured = """
        Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData
        TCP C0000264 82F8 C0000264 0050 C0000264 1F91 CLOSE_WAIT       55
        TCP C0000264 82E4 C0000264 0050 C0000264 1F91 CLOSE_WAIT       55
        UDP C0000264 0000 C0000264 0009 C0000264 2331 NONE            115
        TCP C0000264 82FC C0000264 0050 7F000001 1F90 CLOSE_WAIT       58
        UDP C0000264 E60D C0000264 0009 C0000264 2331 UDP             295
        TCP 2001:0db8:0000:0000:0000:0000:0000:0100 E10C 2001:0db8:0000:0000:0000:0000:0000:0100 0050 2001:0db8:0000:0000:0000:0000:0000:0100 1F92 CLOSE_WAIT       55
        TCP C0000264 82F0 C0000264 0050 7F000001 1F90 CLOSE_WAIT       55

        """;

    [Fact]
    public void Prints_the_kernels_connections_as_ipvsadm_minus_c_in_a_stable_order()
    {
        var table = IpvsConnectionParser.Parse(Captured);
        Assert.Equal(0, table.UnreadableLines);
        // ipvsadm's lines for the same entries; lvsctl sorts by virtual endpoint, protocol, client, destination.
        Assert.Equal(Text(
        [
            "IPVS connection entries",
            "pro expire state       source             virtual            destination",
            "UDP 01:55  NONE        192.0.2.100:0      192.0.2.100:9      192.0.2.100:9009",
            "UDP 04:55  UDP         192.0.2.100:58893  192.0.2.100:9      192.0.2.100:9009",
            "TCP 00:55  CLOSE_WAIT  192.0.2.100:33508  192.0.2.100:80     192.0.2.100:8081",
            "TCP 00:55  CLOSE_WAIT  192.0.2.100:33520  192.0.2.100:80     127.0.0.1:8080",
            "TCP 00:55  CLOSE_WAIT  192.0.2.100:33528  192.0.2.100:80     192.0.2.100:8081",
            "TCP 00:58  CLOSE_WAIT  192.0.2.100:33532  192.0.2.100:80     127.0.0.1:8080",
            "TCP 00:55  CLOSE_WAIT  [2001:db8::100]:57612 [2001:db8::100]:80 [2001:db8::100]:8082",
        ]), IpvsConnectionFormatter.Format(table.Connections, persistenceEngine: false));
    }

    [Fact]
    public void Reads_hex_ipv4_full_ipv6_and_a_destination_of_the_other_family()
    {
        Assert.True(IpvsConnectionParser.TryParseLine(
            "TCP C0000201 D431 C0000206 0050 2001:0db8:ffff:0000:0000:0000:0000:0001 0050 ESTABLISHED     899", out var c));
        Assert.Equal(new IpvsConnection("TCP", IPAddress.Parse("192.0.2.1"), 54321, IPAddress.Parse("192.0.2.6"), 80,
            IPAddress.Parse("2001:db8:ffff::1"), 80, "ESTABLISHED", 899), c);
        Assert.Equal("TCP 14:59  ESTABLISHED 192.0.2.1:54321    192.0.2.6:80       [2001:db8:ffff::1]:80",
            IpvsConnectionFormatter.Format([c], persistenceEngine: false).Split('\n')[2]);
    }

    [Fact]
    public void Persistence_engine_data_shows_only_with_persistent_conn_and_ipvsadms_widths()
    {
        var table = IpvsConnectionParser.Parse("""
            Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData
            UDP C0000201 13C4 C0000264 13C4 C6120002 13C4 UDP             299 sip 3848276298@192.0.2.1
            UDP C0000201 0000 C0000264 13C4 C6120002 13C4 NONE             59 sip 3848276298@192.0.2.1
            SCTP C0000202 0F1C C0000201 0F1C C6120005 0F1C ESTABLISHED     899
            """);
        Assert.Equal(("sip", "3848276298@192.0.2.1"), (table.Connections[0].PersistenceEngine, table.Connections[0].PersistenceData));

        Assert.Equal(Text(
        [
            "IPVS connection entries",
            "pro expire state       source             virtual            destination        pe name          pe_data",
            "SCTP 14:59  ESTABLISHED 192.0.2.2:3868     192.0.2.1:3868     198.18.0.5:3868",
            "UDP 00:59  NONE        192.0.2.1:0        192.0.2.100:5060   198.18.0.2:5060  sip                3848276298@192.0.2.1",
            "UDP 04:59  UDP         192.0.2.1:5060     192.0.2.100:5060   198.18.0.2:5060  sip                3848276298@192.0.2.1",
        ]), IpvsConnectionFormatter.Format(table.Connections, persistenceEngine: true));
        Assert.DoesNotContain("sip", IpvsConnectionFormatter.Format(table.Connections, persistenceEngine: false), StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_table_is_the_titles()
    {
        var table = IpvsConnectionParser.Parse("Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData\n");
        Assert.Empty(table.Connections);
        Assert.Equal("IPVS connection entries\npro expire state       source             virtual            destination\n",
            IpvsConnectionFormatter.Format(table.Connections, persistenceEngine: false));
    }

    [Theory]
    [InlineData("TCP C0000264 82F8")]
    [InlineData("TCP C00002 82F8 C0000264 0050 C0000264 1F91 CLOSE_WAIT 55")]
    [InlineData("TCP GGGGGGGG 82F8 C0000264 0050 C0000264 1F91 CLOSE_WAIT 55")]
    [InlineData("TCP C0000264 182F8 C0000264 0050 C0000264 1F91 CLOSE_WAIT 55")]
    [InlineData("TCP C0000264 82F8 C0000264 0050 C0000264 1F9 CLOSE_WAIT 55")]
    [InlineData("TCP C0000264 82F8 C0000264 0050 C0000264 1F91 CLOSE_WAIT -5")]
    [InlineData("TCP C0000264 82F8 C0000264 0050 C0000264 1F91 CLOSE_WAIT 4294967296")]
    [InlineData("TCP C0000264 82F8 C0000264 0050 C0000264 1F91 CLOSE_WAIT 5x")]
    [InlineData("TCP 2001:0db8:zzzz:0000:0000:0000:0000:0100 E10C 2001:0db8:0000:0000:0000:0000:0000:0100 0050 C0000264 1F92 CLOSE_WAIT 55")]
    [InlineData("TCP C0000264 82F8 2001:0db8:0000:0000:0000:0000:0000:0100 0050 C0000264 1F91 CLOSE_WAIT 55")]
    [InlineData("TCP 192.0.2.100 82F8 C0000264 0050 C0000264 1F91 CLOSE_WAIT 55")]
    [InlineData("TCP 1.2.3.4:80 82F8 C0000264 0050 C0000264 1F91 CLOSE_WAIT 55")]
    [InlineData("\0\0\0 \u00ff\u00fe garbage")]
    public void A_line_not_in_the_kernels_format_is_counted_not_guessed(string line)
    {
        Assert.False(IpvsConnectionParser.TryParseLine(line, out _));
        var table = IpvsConnectionParser.Parse(Captured + line + "\n");
        Assert.Equal(7, table.Connections.Count);
        Assert.Equal(1, table.UnreadableLines);
    }

    [Fact]
    public void Mangled_input_never_throws()
    {
        var random = new Random(20240611);
        var lines = Captured.Split('\n');
        for (var round = 0; round < 5000; round++)
        {
            var line = new StringBuilder(lines[random.Next(lines.Length)]);
            for (var edits = random.Next(1, 6); edits > 0 && line.Length > 0; edits--)
            {
                var at = random.Next(line.Length);
                switch (random.Next(4))
                {
                    case 0: line[at] = (char)random.Next(0, 128) is var c && c != '\n' ? c : ' '; break;
                    case 1: line.Remove(at, random.Next(1, line.Length - at + 1)); break;
                    case 2: line.Insert(at, "  :F\t"[random.Next(5)]); break;
                    default: line.Insert(at, line.ToString(0, at)); break;
                }
            }

            var table = IpvsConnectionParser.Parse(line.ToString());
            Assert.True(table.Connections.Count + table.UnreadableLines <= 1);
            _ = IpvsConnectionFormatter.Format(table.Connections, persistenceEngine: true);
        }
    }
}
