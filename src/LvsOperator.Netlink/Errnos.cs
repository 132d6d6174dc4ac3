namespace LvsOperator.Netlink;

/// <summary>Linux errno values this library names (include/uapi/asm-generic/errno-base.h, errno.h).</summary>
public static class Errnos
{
    /// <summary>EPERM.</summary>
    public const int EPERM = 1;

    /// <summary>ENOENT.</summary>
    public const int ENOENT = 2;

    /// <summary>ESRCH.</summary>
    public const int ESRCH = 3;

    /// <summary>EINTR.</summary>
    public const int EINTR = 4;

    /// <summary>EAGAIN.</summary>
    public const int EAGAIN = 11;

    /// <summary>ENOMEM.</summary>
    public const int ENOMEM = 12;

    /// <summary>EBUSY.</summary>
    public const int EBUSY = 16;

    /// <summary>EEXIST.</summary>
    public const int EEXIST = 17;

    /// <summary>ENODEV.</summary>
    public const int ENODEV = 19;

    /// <summary>EINVAL.</summary>
    public const int EINVAL = 22;

    /// <summary>ERANGE.</summary>
    public const int ERANGE = 34;

    /// <summary>EOPNOTSUPP.</summary>
    public const int EOPNOTSUPP = 95;

    /// <summary>EADDRNOTAVAIL: rtnetlink's answer for deleting an address that is not there.</summary>
    public const int EADDRNOTAVAIL = 99;

    /// <summary>EAFNOSUPPORT.</summary>
    public const int EAFNOSUPPORT = 97;

    /// <summary>ENOBUFS.</summary>
    public const int ENOBUFS = 105;

    /// <summary>ETIMEDOUT.</summary>
    public const int ETIMEDOUT = 110;

    /// <summary>The symbolic name of an errno, or its number.</summary>
    public static string Name(int errno) => errno switch
    {
        EPERM => "EPERM",
        ENOENT => "ENOENT",
        ESRCH => "ESRCH",
        EINTR => "EINTR",
        EAGAIN => "EAGAIN",
        ENOMEM => "ENOMEM",
        EBUSY => "EBUSY",
        EEXIST => "EEXIST",
        ENODEV => "ENODEV",
        EINVAL => "EINVAL",
        ERANGE => "ERANGE",
        EOPNOTSUPP => "EOPNOTSUPP",
        EAFNOSUPPORT => "EAFNOSUPPORT",
        EADDRNOTAVAIL => "EADDRNOTAVAIL",
        ENOBUFS => "ENOBUFS",
        ETIMEDOUT => "ETIMEDOUT",
        _ => "errno " + errno.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
