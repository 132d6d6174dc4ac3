namespace LvsOperator.Netlink.Sysctl;

/// <summary>
/// A validated sysctl name in sysctl(8) notation: components separated by dots, a slash within a
/// component standing for a dot (so <c>net.ipv4.conf.eth0/100.rp_filter</c> names the VLAN
/// interface <c>eth0.100</c>). Components are letters, digits, <c>_ - @ : +</c> (interface names)
/// and never <c>.</c> or <c>..</c>, so a name cannot leave <c>/proc/sys</c>.
/// </summary>
public sealed record SysctlName
{
    private SysctlName(string name, string relativePath)
    {
        Name = name;
        RelativePath = relativePath;
    }

    /// <summary>The name as given.</summary>
    public string Name { get; }

    /// <summary>The path below <c>/proc/sys</c>.</summary>
    public string RelativePath { get; }

    /// <summary>Validates <paramref name="name"/>; throws <see cref="ArgumentException"/> if it is not a safe sysctl name.</summary>
    public static SysctlName Parse(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Length > 256)
        {
            throw new ArgumentException("A sysctl name is at most 256 characters.", nameof(name));
        }

        string[] components = name.Split('.');
        if (components.Length < 2)
        {
            throw new ArgumentException($"'{name}' is not a sysctl name (expected at least two dotted components).", nameof(name));
        }

        for (int i = 0; i < components.Length; i++)
        {
            string component = components[i].Replace('/', '.');
            if (component.Length == 0 || component is "." or ".." || !component.All(IsAllowed))
            {
                throw new ArgumentException($"'{name}' has an invalid component '{components[i]}'.", nameof(name));
            }

            components[i] = component;
        }

        return new SysctlName(name, string.Join('/', components));
    }

    /// <inheritdoc/>
    public override string ToString() => Name;

    private static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '@' or ':' or '+' or '.';
}
