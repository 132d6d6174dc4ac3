using System.Net.Sockets;
using LvsOperator.Netlink.Codec;
using LvsOperator.Netlink.Connection;
using LvsOperator.Netlink.Generic;
using LvsOperator.Netlink.Ipvs;
using LvsOperator.Netlink.Route;
using LvsOperator.Netlink.Tests.Support;

namespace LvsOperator.Netlink.Tests.Codec;

/// <summary>
/// Garbage in, <see cref="NetlinkProtocolException"/> out: random bytes, every truncation and random
/// mutations of real kernel messages, through every decoder and through the connection. Any other
/// exception (IndexOutOfRange, ArgumentException, overflow...) or a hang fails. Seeds are fixed so a
/// failure reproduces.
/// </summary>
public class FuzzTests
{
    private static readonly Func<NetlinkMessage, object>[] Decoders =
    [
        m => IpvsDecoder.Service(m),
        m => IpvsDecoder.Destination(m, AddressFamily.InterNetwork),
        m => IpvsDecoder.Destination(m, AddressFamily.InterNetworkV6),
        m => IpvsDecoder.Daemon(m),
        m => IpvsDecoder.Info(m),
        m => IpvsDecoder.Timeouts(m),
        m => GenericNetlinkFamily.Parse(m),
        m => RouteDecoder.Link(m),
        m => RouteDecoder.Address(m),
        m => NetlinkErrorMessage.ParseError(m),
        m => NetlinkErrorMessage.ParseDone(m),
        m => Walk(m.GetAttributes(0)),
        m => Walk(m.GetAttributes(4)),
    ];

    private static int Walk(NetlinkAttributeEnumerator attributes)
    {
        int n = 0;
        foreach (NetlinkAttribute attribute in attributes)
        {
            n += attribute.Payload.Length;
            Probe(attribute, static a => a.GetString());
            Probe(attribute, static a => a.GetAddress());
            Probe(attribute, static a => a.GetUInt64());
            if (attribute.Payload.Length >= 4)
            {
                n += Walk(attribute.GetNested());
            }
        }

        return n;
    }

    private static void Probe<T>(NetlinkAttribute attribute, Func<NetlinkAttribute, T> read)
    {
        try
        {
            read(attribute);
        }
        catch (NetlinkProtocolException)
        {
        }
    }

    /// <summary>Runs every decoder over every message of <paramref name="datagram"/>; returns how many decodes succeeded.</summary>
    private static int ParseEverything(byte[] datagram)
    {
        int ok = 0;
        var messages = new List<(NetlinkMessageHeader, byte[])>();
        try
        {
            foreach (NetlinkMessage message in new NetlinkMessageEnumerator(datagram))
            {
                messages.Add((message.Header, message.Payload.ToArray()));
            }
        }
        catch (NetlinkProtocolException)
        {
        }

        foreach ((NetlinkMessageHeader header, byte[] payload) in messages)
        {
            foreach (Func<NetlinkMessage, object> decode in Decoders)
            {
                try
                {
                    decode(new NetlinkMessage(header, payload));
                    ok++;
                }
                catch (NetlinkProtocolException)
                {
                }
            }
        }

        return ok;
    }

    /// <summary>Distinct captured messages (many captures repeat the family lookup and GET_INFO).</summary>
    private static List<byte[]> CapturedKernelMessages() =>
        [.. CapturedConversation.KernelFolders().SelectMany(CapturedConversation.LoadAll).SelectMany(c => c.Messages)
            .Select(m => m.Bytes).DistinctBy(b => Convert.ToHexString(b.AsSpan(16)))];

    [Fact]
    public void Random_bytes_never_escape_as_anything_but_protocol_errors()
    {
        var random = new Random(20261125);
        for (int i = 0; i < 10000; i++)
        {
            byte[] datagram = new byte[random.Next(0, 200)];
            random.NextBytes(datagram);
            if (datagram.Length >= 16 && random.Next(2) == 0)
            {
                // Plausible framing makes the decoders go deeper.
                BitConverter.TryWriteBytes(datagram, (uint)random.Next(16, datagram.Length + 1));
            }

            ParseEverything(datagram);
        }
    }

    [Fact]
    public void Every_truncation_of_every_captured_message_is_handled()
    {
        int decoded = 0;
        foreach (byte[] message in CapturedKernelMessages())
        {
            // Every cut through the headers and first attributes; past them, every third.
            for (int length = 0; length <= message.Length; length += length < 96 ? 1 : 3)
            {
                byte[] cut = message[..length];
                if (length >= 4)
                {
                    // Keep nlmsg_len consistent so the cut reaches the attribute decoders.
                    BitConverter.TryWriteBytes(cut, (uint)length);
                }

                decoded += ParseEverything(cut);
            }
        }

        Assert.True(decoded > 1000);
    }

    [Fact]
    public void Mutated_captured_messages_are_handled()
    {
        var random = new Random(7);
        List<byte[]> messages = CapturedKernelMessages();
        for (int i = 0; i < 10000; i++)
        {
            byte[] mutated = [.. messages[random.Next(messages.Count)]];
            for (int flips = random.Next(1, 4); flips > 0; flips--)
            {
                int at = random.Next(4, mutated.Length);
                mutated[at] = random.Next(3) switch
                {
                    0 => (byte)random.Next(256),
                    1 => 0,
                    _ => 0xFF,
                };
            }

            ParseEverything(mutated);
        }
    }

    [Fact]
    public async Task Garbage_replies_fail_a_request_with_a_typed_error_and_never_hang()
    {
        var random = new Random(99);
        List<byte[]> messages = CapturedKernelMessages();
        for (int i = 0; i < 2000; i++)
        {
            int mode = i % 3;
            var transport = new ScriptedTransport(sent =>
            {
                uint seq = ScriptedTransport.Requests(sent)[0].Header.Sequence;
                byte[] reply = mode == 0 ? new byte[random.Next(0, 100)] : [.. messages[random.Next(messages.Count)]];
                if (mode == 0)
                {
                    random.NextBytes(reply);
                }

                if (reply.Length >= 16)
                {
                    BitConverter.TryWriteBytes(reply.AsSpan(8), seq);
                    BitConverter.TryWriteBytes(reply.AsSpan(12), ScriptedTransport.Port);
                    if (mode == 2)
                    {
                        reply[random.Next(16, reply.Length)] ^= (byte)random.Next(1, 256);
                    }
                }

                return [reply];
            });
            using var connection = new NetlinkConnection(transport, new NetlinkConnectionOptions());
            using var client = new IpvsClient(connection, new GenericNetlinkFamily("IPVS", 0x20, 1, 0, 6));
            try
            {
                await client.GetServicesAsync().WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is NetlinkProtocolException or NetlinkException)
            {
            }
        }
    }
}
