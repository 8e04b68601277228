import { describe, expect, it } from "vitest";
import {
  configKeyProblems, dns1035LabelProblems, dns1123LabelProblems, dns1123SubdomainProblems, labelValueProblems, portNameProblems, portNumberProblems, qualifiedNameProblems,
} from "./names.js";

const QUALIFIED = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

describe("apimachinery's string rules", () => {
  it("a DNS-1123 label: length, characters, and dots named apart", () => {
    expect(dns1123LabelProblems("shop")).toEqual([]);
    expect(dns1123LabelProblems("team.a")).toEqual(["must not contain dots"]);
    expect(dns1123LabelProblems("a".repeat(64))).toEqual(["must be no more than 63 characters"]);
    expect(dns1123LabelProblems("Shop")).toEqual([
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });

  it("a DNS-1123 subdomain and a DNS-1035 label", () => {
    expect(dns1123SubdomainProblems("reviews.v1")).toEqual([]);
    expect(dns1123SubdomainProblems("a..b")).toHaveLength(1);
    expect(dns1035LabelProblems("1st")).toEqual([
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });

  it("a qualified name: prefix, name part, and more than one slash", () => {
    expect(qualifiedNameProblems("app.kubernetes.io/name")).toEqual([]);
    expect(qualifiedNameProblems("example.com/")).toEqual(["name part must be non-empty", `name part ${QUALIFIED}`]);
    expect(qualifiedNameProblems("/app")).toEqual(["prefix part must be non-empty"]);
    expect(qualifiedNameProblems("a".repeat(64))).toEqual(["name part must be no more than 63 characters"]);
    expect(qualifiedNameProblems("a/b/c")).toEqual([`a qualified name ${QUALIFIED} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`]);
  });

  it("a label value", () => {
    expect(labelValueProblems("")).toEqual([]);
    expect(labelValueProblems("gold plated")).toEqual([
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ]);
  });

  it("a port name (IANA_SVC_NAME) and a port number", () => {
    expect(portNameProblems("http-metrics")).toEqual([]);
    expect(portNameProblems("a-very-long-port-name")).toEqual(["must be no more than 15 characters"]);
    expect(portNameProblems("HTTP_Bad")).toEqual(["must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"]);
    expect(portNameProblems("8080")).toEqual(["must contain at least one letter (a-z)"]);
    expect(portNameProblems("-a--b")).toEqual(["must not contain consecutive hyphens (-)", "must not begin or end with a hyphen (-)"]);
    expect(portNumberProblems(0)).toEqual(["must be between 1 and 65535, inclusive"]);
  });

  it("a config key", () => {
    expect(configKeyProblems("app.properties")).toEqual([]);
    expect(configKeyProblems("..data")).toEqual(["must not start with '..'"]);
    expect(configKeyProblems("a/b")).toEqual(["a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"]);
  });
});
