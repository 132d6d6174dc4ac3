namespace LvsOperator.Netlink;

/// <summary>
/// The kernel refused an operation with an errno (an <c>NLMSG_ERROR</c> with a negative error,
/// or a failed <c>NLMSG_DONE</c>), or the socket failed. Match on <see cref="Errno"/> or the
/// helpers, never on message text.
/// </summary>
public class NetlinkException : Exception
{
    /// <summary>Creates the exception with no errno.</summary>
    public NetlinkException()
        : this(0, "unknown", null)
    {
    }

    /// <summary>Creates the exception with a message and no errno.</summary>
    public NetlinkException(string message)
        : base(message)
    {
        Operation = "unknown";
    }

    /// <summary>Creates the exception with a message, a cause and no errno.</summary>
    public NetlinkException(string message, Exception innerException)
        : base(message, innerException)
    {
        Operation = "unknown";
    }

    /// <summary>Creates the exception for a positive <paramref name="errno"/>.</summary>
    public NetlinkException(int errno, string operation, string? extendedAckMessage)
        : base(Describe(errno, operation, extendedAckMessage))
    {
        Errno = errno;
        Operation = operation;
        ExtendedAckMessage = extendedAckMessage;
    }

    /// <summary>The positive errno, for example 17 (EEXIST).</summary>
    public int Errno { get; }

    /// <summary>What was being done, for example <c>IPVS_CMD_NEW_SERVICE</c>.</summary>
    public string Operation { get; }

    /// <summary>The kernel's extended ACK text (<c>NLMSGERR_ATTR_MSG</c>), if it sent one.</summary>
    public string? ExtendedAckMessage { get; }

    /// <summary>
    /// ENOENT or ESRCH (IPVS answers ESRCH for a missing service, ENOENT for a missing destination),
    /// and rtnetlink's ENODEV (no such link) and EADDRNOTAVAIL (no such address).
    /// </summary>
    public bool IsNotFound => Errno is Errnos.ENOENT or Errnos.ESRCH or Errnos.ENODEV or Errnos.EADDRNOTAVAIL;

    /// <summary>EEXIST.</summary>
    public bool IsAlreadyExists => Errno == Errnos.EEXIST;

    private static string Describe(int errno, string operation, string? extendedAckMessage)
    {
        string text = $"{operation} failed: {Errnos.Name(errno)} ({errno})";
        return extendedAckMessage is null ? text : $"{text}: {extendedAckMessage}";
    }
}
