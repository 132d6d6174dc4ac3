namespace LvsOperator.Manifests.Tests.Fuzzing;

/// <summary>What a careless or hostile user puts where a scalar belongs, as YAML source text.</summary>
internal static class BoundaryValues
{
    public static readonly string[] Tokens =
    [
        // Integers at and past every width the model and the kernel use.
        "0", "-1", "1", "-0", "255", "256", "65535", "65536", "2147483647", "2147483648", "-2147483648", "-2147483649",
        "4294967295", "4294967296", "-4294967296", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
        "18446744073709551616", "99999999999999999999999999999", "0x7fffffff", "0xffffffffffffffff", "0o777", "0b101", "010", "1_000",
        // Floats and their YAML spellings.
        "1.5", "-0.0", "1e3", "1e309", "-1e309", ".inf", "-.inf", ".nan", "3.", "1e-400",
        // Nulls, booleans and their YAML 1.1 cousins.
        "~", "null", "Null", "\"\"", "''", "yes", "no", "on", "off", "y", "n", "true", "FALSE",
        // Durations.
        "0s", "-5s", "0ms", "1ms", "99999h99999m99999s99999ms", "1h1h1h1h1h", "5", "\"5s\"",
        // Addresses: reserved, odd spellings, invalid.
        "0.0.0.0", "127.0.0.1", "224.0.0.1", "255.255.255.255", "169.254.0.1", "\"::\"", "\"::1\"", "\"ff02::1\"", "\"fe80::1\"",
        "\"2001:DB8:0::10\"", "\"2001:db8::10\"", "192.0.2.10", "198.18.0.10", "\"::ffff:192.0.2.1\"", "\"fe80::1%eth0\"", "192.0.2.256",
        "01.2.3.4", "192.0.2.1/24", "\"2001:db8::10::1\"", "\"[2001:db8::1]\"",
        // Strings the schema bounds or the kernel names.
        "\"TCP\"", "\"tcp\"", "\"NAT\"", "\"TUN\"", "\"DR\"", "\"gue\"", "\"wlc\"", "\"mh\"", "\"IPv6\"", "\"DNS\"", "\"HTTPS\"", "\"Always\"",
        "\"lvs0\"", "\"../../etc\"", "\"a b\"", "\"\\u0000\"", "\"\\uD800\"", "\"ééé\"", "\"😀😀\"", "\"" + new string('a', 64) + "\"",
        "\"" + new string('x', 300) + "\"", "\"" + new string('y', 40_000) + "\"",
        // Wrong types, tags, anchors and aliases.
        "[]", "{}", "[1, 2, 3]", "{a: 1}", "[[[[[[[[]]]]]]]]", "!!binary aGVsbG8=", "!!int \"12\"", "!!str 12", "!!float 1", "!foo bar",
        "&anchor 5", "*undefined", "<<", "? complex", "|\n  block", "\"\\x41\"", "'it''s'",
    ];
}
