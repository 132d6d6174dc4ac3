using System.Globalization;

namespace LvsOperator.Netlink.Tests.Support;

/// <summary>Golden bytes written one field per line: <c>"06 00 01 00", // nla_len 6, IPVS_SVC_ATTR_AF</c>.</summary>
public static class Hex
{
    public static byte[] Bytes(params string[] fields) =>
        [.. fields.SelectMany(f => f.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Select(b => byte.Parse(b, NumberStyles.HexNumber, CultureInfo.InvariantCulture))];

    public static byte[] Parse(string hex) => Convert.FromHexString(new string([.. hex.Where(char.IsAsciiHexDigit)]));

    public static string Format(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    /// <summary>Formats with a line break every 16 bytes, for readable assertion failures.</summary>
    public static string Dump(ReadOnlySpan<byte> bytes)
    {
        var lines = new List<string>();
        for (int i = 0; i < bytes.Length; i += 16)
        {
            ReadOnlySpan<byte> line = bytes[i..Math.Min(bytes.Length, i + 16)];
            lines.Add(string.Join(' ', line.ToArray().Select(b => b.ToString("x2", CultureInfo.InvariantCulture))));
        }

        return string.Join('\n', lines);
    }
}
