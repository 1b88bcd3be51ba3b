use super::*;

#[test]
fn cell_names_are_a1() {
    assert_eq!(a1(0, 0), "A1");
    assert_eq!(a1(11, 4), "E12");
    assert_eq!(a1(0, 25), "Z1");
    assert_eq!(a1(0, 26), "AA1");
    assert_eq!(a1(9, 27), "AB10");
}

#[test]
fn floats_read_as_written() {
    assert_eq!(float_text(1435.0), "1435");
    assert_eq!(float_text(2.22), "2.22");
    assert_eq!(float_text(0.1 + 0.2), "0.3");
    assert_eq!(float_text(303054.14), "303054.14");
    assert_eq!(float_text(-0.5), "-0.5");
}

#[test]
fn serial_dates() {
    assert_eq!(date_text(45352.0), "2024-03-01");
    assert_eq!(date_text(25569.0), "1970-01-01");
}

#[test]
fn percent_formats() {
    assert!(is_percent_format("0.00%"));
    assert!(is_percent_format("0%"));
    assert!(!is_percent_format("0.00\"%\""));
    assert!(!is_percent_format("#,##0.00"));
    assert!(!is_percent_format("0\\%"));
}

#[test]
fn csv_with_quotes_and_gbk() {
    let s = csv("a,\"b,\"\"c\"\"\"\r\n1,2\n".as_bytes(), "x.csv").unwrap();
    assert_eq!(s.rows.len(), 2);
    assert_eq!(s.text(0, 1), "b,\"c\"");
    assert_eq!(s.text(1, 0), "1");
    let (gbk, _, _) = encoding_rs::GBK.encode("一级指标,得分\n");
    let s = csv(&gbk, "x.csv").unwrap();
    assert_eq!(s.text(0, 0), "一级指标");
}
