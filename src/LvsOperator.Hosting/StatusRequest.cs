using System.Text;

namespace LvsOperator.Hosting;

/// <summary>
/// The one thing the status endpoint reads from a client: the request line of an HTTP/1.x request (RFC 9112
/// section 3), from a head of at most <see cref="MaxHeadBytes"/>. Header fields are skipped, a body is never
/// read (every response closes the connection), so nothing a client sends can grow memory or reach a parser
/// beyond this one.
/// </summary>
internal sealed record StatusRequest(string Method, string Path)
{
    /// <summary>The whole head, request line and header fields; a longer one is answered 431.</summary>
    public const int MaxHeadBytes = 4096;

    private static ReadOnlySpan<byte> HeadEnd => "\r\n\r\n"u8;

    /// <summary>Where the head ends in <paramref name="received"/> (after its blank line), or -1 if not yet.</summary>
    public static int HeadLength(ReadOnlySpan<byte> received)
    {
        var end = received.IndexOf(HeadEnd);
        return end < 0 ? -1 : end + HeadEnd.Length;
    }

    /// <summary>The request in <paramref name="head"/>, or the status to refuse it with (400 or 505).</summary>
    public static (StatusRequest? Request, int Refusal) Parse(ReadOnlySpan<byte> head)
    {
        var lineEnd = head.IndexOf("\r\n"u8);
        var line = lineEnd < 0 ? head : head[..lineEnd];
        var firstSpace = line.IndexOf((byte)' ');
        var lastSpace = line.LastIndexOf((byte)' ');
        if (firstSpace <= 0 || lastSpace <= firstSpace + 1) return (null, 400);

        var method = line[..firstSpace];
        var target = line[(firstSpace + 1)..lastSpace];
        var version = line[(lastSpace + 1)..];
        if (!IsToken(method) || !IsOriginForm(target)) return (null, 400);
        if (!version.SequenceEqual("HTTP/1.1"u8) && !version.SequenceEqual("HTTP/1.0"u8)) return (null, 505);

        var query = target.IndexOf((byte)'?');
        var path = query < 0 ? target : target[..query];
        return (new StatusRequest(Encoding.ASCII.GetString(method), Encoding.ASCII.GetString(path)), 0);
    }

    /// <summary>RFC 9110 section 5.6.2 token characters.</summary>
    private static bool IsToken(ReadOnlySpan<byte> value)
    {
        foreach (var b in value)
        {
            if (b is < 0x21 or > 0x7e || "\"(),/:;<=>?@[\\]{}"u8.Contains(b)) return false;
        }

        return true;
    }

    /// <summary>An absolute path and optional query of visible ASCII (RFC 9112 section 3.2.1).</summary>
    private static bool IsOriginForm(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty || value[0] != (byte)'/') return false;
        foreach (var b in value)
        {
            if (b is < 0x21 or > 0x7e) return false;
        }

        return true;
    }
}
