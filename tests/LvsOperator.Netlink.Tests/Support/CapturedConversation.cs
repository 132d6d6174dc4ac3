using System.Globalization;
using LvsOperator.Netlink.Codec;

namespace LvsOperator.Netlink.Tests.Support;

/// <summary>One message of a captured conversation (see Golden/Captured/README.md).</summary>
internal sealed record CapturedMessage(int Number, bool FromKernel, string Protocol, string Datagram, byte[] Bytes, string Summary)
{
    public NetlinkMessageHeader Header => NetlinkMessageHeader.Read(Bytes);

    /// <summary>The generic netlink command (first payload byte), for NETLINK_GENERIC messages.</summary>
    public byte Command => Bytes[16];

    /// <summary>The errno the capture tool decoded for an NLMSG_ERROR ("error=-17"), positive.</summary>
    public int SummaryErrno => -int.Parse(Summary.Split(' ').First(w => w.StartsWith("error=", StringComparison.Ordinal))["error=".Length..], CultureInfo.InvariantCulture);
}

/// <summary>
/// Loads a capture written by tests/lab/capture-netlink.sh: real ipvsadm and ip commands and the
/// kernel's answers. The hex is the data; the '#' lines are only for people.
/// </summary>
internal sealed class CapturedConversation
{
    public const ushort NormalFamilyId = 0x20;

    private CapturedConversation(string name, Dictionary<string, string> header, List<CapturedMessage> messages)
    {
        Name = name;
        Header = header;
        Messages = messages;
        IpvsFamilyId = header.TryGetValue("ipvs-genl-family-id", out string? id)
            ? ushort.Parse(id.Split(' ')[0], CultureInfo.InvariantCulture)
            : (ushort)0;
    }

    public string Name { get; }

    public Dictionary<string, string> Header { get; }

    public List<CapturedMessage> Messages { get; }

    public ushort IpvsFamilyId { get; }

    public string Kernel => Header["kernel"];

    public static string Directory
    {
        get
        {
            for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "tests", "LvsOperator.Netlink.Tests", "Golden", "Captured");
                if (System.IO.Directory.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new DirectoryNotFoundException("Golden/Captured not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>Every kernel's folder: the default (6.1) and kernel-*/.</summary>
    public static IEnumerable<string> KernelFolders()
    {
        yield return Directory;
        foreach (string sub in System.IO.Directory.GetDirectories(Directory, "kernel-*").Order(StringComparer.Ordinal))
        {
            yield return sub;
        }
    }

    public static CapturedConversation Load(string slug, string? folder = null)
    {
        folder ??= Directory;
        string path = System.IO.Directory.GetFiles(folder, "*-" + slug + ".txt").Single(p => Path.GetFileName(p)[3..^4] == slug);
        return Parse(Path.GetFileNameWithoutExtension(path), File.ReadAllLines(path));
    }

    public static IEnumerable<CapturedConversation> LoadAll(string folder) =>
        System.IO.Directory.GetFiles(folder, "??-*.txt").Order(StringComparer.Ordinal)
            .Select(p => Parse(Path.GetFileNameWithoutExtension(p), File.ReadAllLines(p)));

    /// <summary>The first user->kernel IPVS request with genl command <paramref name="command"/>.</summary>
    public CapturedMessage IpvsRequest(byte command) =>
        Messages.First(m => !m.FromKernel && m.Protocol == "NETLINK_GENERIC" && m.Header.Type == IpvsFamilyId && m.Command == command);

    /// <summary>The first user->kernel request of an rtnetlink type whose flags include <paramref name="flags"/>.</summary>
    public CapturedMessage RouteRequest(ushort type, NetlinkMessageFlags flags = 0) =>
        Messages.First(m => !m.FromKernel && m.Protocol == "NETLINK_ROUTE" && m.Header.Type == type && (m.Header.Flags & flags) == flags);

    /// <summary>The kernel's datagrams answering <paramref name="request"/>, up to the next request.</summary>
    public List<byte[]> ReplyDatagrams(CapturedMessage request)
    {
        var datagrams = new List<byte[]>();
        string? current = null;
        foreach (CapturedMessage message in Messages.SkipWhile(m => m != request).Skip(1).TakeWhile(m => m.FromKernel))
        {
            string datagram = message.Datagram.Split('.')[0];
            if (datagram != current)
            {
                datagrams.Add([]);
                current = datagram;
            }

            datagrams[^1] = [.. datagrams[^1], .. message.Bytes];
        }

        return datagrams;
    }

    /// <summary>
    /// A copy with the run-dependent fields masked: sequence and port id set to the given values,
    /// the dynamic IPVS family id replaced by <see cref="NormalFamilyId"/>.
    /// </summary>
    public byte[] Normalize(byte[] datagram, uint sequence = 0, uint portId = 0)
    {
        byte[] copy = [.. datagram];
        int offset = 0;
        while (offset + 16 <= copy.Length)
        {
            NetlinkMessageHeader header = NetlinkMessageHeader.Read(copy.AsSpan(offset));
            if (header.Length < NetlinkMessageHeader.Size)
            {
                break;
            }

            ushort type = header.Type == IpvsFamilyId && IpvsFamilyId != 0 ? NormalFamilyId : header.Type;
            (header with { Type = type, Sequence = sequence, PortId = portId }).Write(copy.AsSpan(offset));
            offset += NetlinkAlignment.Align((int)header.Length);
        }

        return copy;
    }

    private static CapturedConversation Parse(string name, string[] lines)
    {
        var header = new Dictionary<string, string>(StringComparer.Ordinal);
        var messages = new List<CapturedMessage>();
        string[]? at = null;
        var bytes = new List<byte>();

        void Flush()
        {
            // iproute2 sends dump requests from a larger zeroed buffer; the tap shows the slack after the
            // request as a "message" of length 0. It is part of the request datagram, not a reply.
            if (at is not null && bytes.Count >= 4 && bytes.TrueForAll(b => b == 0))
            {
                at = null;
                bytes.Clear();
            }

            if (at is not null)
            {
                messages.Add(new CapturedMessage(
                    int.Parse(at[1], CultureInfo.InvariantCulture),
                    at[2] == "kernel->user",
                    at[3],
                    at[4]["datagram=".Length..],
                    [.. bytes],
                    string.Join(' ', at)));
                at = null;
                bytes.Clear();
            }
        }

        foreach (string line in lines)
        {
            if (line.StartsWith("@ ", StringComparison.Ordinal))
            {
                Flush();
                at = line.Split(' ');
            }
            else if (line.StartsWith("# ", StringComparison.Ordinal) && at is null && line.IndexOf(": ", StringComparison.Ordinal) is > 2 and int colon)
            {
                header.TryAdd(line[2..colon], line[(colon + 2)..]);
            }
            else if (at is not null && line.Length > 6 && line[4] == ':' && !line.StartsWith('#'))
            {
                bytes.AddRange(Hex.Parse(line[6..]));
            }
        }

        Flush();
        return new CapturedConversation(name, header, messages);
    }
}
