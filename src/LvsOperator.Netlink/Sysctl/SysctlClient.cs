namespace LvsOperator.Netlink.Sysctl;

/// <summary>
/// Reads and writes sysctls under <c>/proc/sys</c>. <c>/proc/sys/net</c> shows the network
/// namespace of the thread that opens the file, so each call does its I/O synchronously on the
/// calling thread: call it from the thread that is in the namespace you mean.
/// </summary>
public sealed class SysctlClient
{
    private readonly string _root;

    /// <summary>Uses <c>/proc/sys</c>, or another root (for tests).</summary>
    public SysctlClient(string root = "/proc/sys")
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        _root = root;
    }

    /// <summary>The current value, without the trailing newline.</summary>
    public string Read(string name) => Read(SysctlName.Parse(name));

    /// <summary>The current value, without the trailing newline.</summary>
    public string Read(SysctlName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return File.ReadAllText(PathOf(name)).TrimEnd('\n');
    }

    /// <summary>
    /// Writes <paramref name="value"/> and returns the value it replaced, so a caller can restore it.
    /// Nothing is written when the value is already equal.
    /// </summary>
    public string Write(string name, string value) => Write(SysctlName.Parse(name), value);

    /// <summary>
    /// Writes <paramref name="value"/> and returns the value it replaced, so a caller can restore it.
    /// Nothing is written when the value is already equal.
    /// </summary>
    public string Write(SysctlName name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        if (value.Contains('\n', StringComparison.Ordinal) || value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("A sysctl value is one line.", nameof(value));
        }

        string original = Read(name);
        if (!string.Equals(Normalize(original), Normalize(value), StringComparison.Ordinal))
        {
            // One write(2) of the whole value: /proc/sys handlers parse what a single write carries.
            using FileStream stream = new(PathOf(name), FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
            stream.Write(System.Text.Encoding.ASCII.GetBytes(value + "\n"));
        }

        return original;
    }

    private string PathOf(SysctlName name) => Path.Combine(_root, name.RelativePath);

    /// <summary>Multi-value sysctls print tab-separated values; compare by whitespace-separated tokens.</summary>
    private static string Normalize(string value) => string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
