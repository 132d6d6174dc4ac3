namespace LvsOperator.Netlink.Codec;

/// <summary>
/// Bytes that do not form valid netlink: a truncated header, an attribute whose length runs past
/// its container, a payload of the wrong size for its type, a string without its terminator.
/// Raised instead of reading out of range; distinct from <see cref="NetlinkException"/>, which
/// carries an errno the kernel reported.
/// </summary>
public sealed class NetlinkProtocolException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NetlinkProtocolException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public NetlinkProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public NetlinkProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
