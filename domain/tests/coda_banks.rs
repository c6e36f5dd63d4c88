//! CODA statements in the layouts Belgian banks write (fixtures in
//! `tests/fixtures/coda/`, 128-character records made after each bank's
//! habits), and what a mail client or a paste does to them.

use leernet_domain::bank::{CodaProblem, OriginalAmount, StatementError, StatementLine, parse_statement};
use leernet_domain::i18n::Locale;
use leernet_domain::{Money, OgmReference};

const KBC: &str = include_str!("fixtures/coda/kbc_globalised.cod");
const BNP: &str = include_str!("fixtures/coda/bnp_information.cod");
const BELFIUS: &str = include_str!("fixtures/coda/belfius_iban.cod");
const ING: &str = include_str!("fixtures/coda/ing_multiline.cod");
const ARGENTA: &str = include_str!("fixtures/coda/argenta_foreign.cod");

/// The structured communication of invoice 2026-000`n` in the fixtures.
fn ogm(n: u64) -> OgmReference {
    OgmReference::from_base(2_026_000_000 + n).unwrap()
}

fn amounts(lines: &[StatementLine]) -> Vec<i64> {
    lines.iter().map(|l| l.amount.cents()).collect()
}

#[test]
fn kbc_globalised_transfers_count_once_by_their_details() {
    let lines = parse_statement(KBC).unwrap();
    // The total of € 300 is not a line: its two details are, each with its payer's communication.
    assert_eq!(amounts(&lines), [18_000, 12_000, 450, -7_500]);
    assert_eq!((lines[0].ogm, lines[1].ogm), (Some(ogm(11)), Some(ogm(12))));
    assert_eq!(lines[0].counterparty, "OCMW GEEL");
    assert_eq!(lines[0].counterparty_account, "BE71096123456769");
    assert_eq!(lines[1].counterparty, "CAW DE KEMPEN VZW");
    assert_ne!(lines[0].reference, lines[1].reference);
    assert_eq!(
        lines[0].reference,
        "coda:BE68539007547034                  EUR-041:140326:0001/0001:OL9423MTCSCTBOVSBBNON"
    );
    assert_eq!(
        lines[0].earlier_reference.as_deref(),
        Some("coda:BE68539007547034                  EUR-041:140326:0001:OL9423MTCSCTBOVSBBNON"),
        "what the first reader called every record of sequence 1"
    );
    assert_eq!(lines[2].communication, "Inschrijving Jan Peeters vorming budgetbeheer");
    assert_eq!(lines[2].earlier_reference, None);
    // The debit: its sign, its communication and its end-to-end reference, for payouts later.
    let payout = &lines[3];
    assert!(!payout.is_credit());
    assert_eq!(payout.ogm, Some(ogm(13)));
    assert_eq!(payout.end_to_end.as_deref(), Some("LEERNET-UITB-2026-0042"));
    assert_eq!(payout.counterparty, "LESGEVER AN JANSSENS");
    assert_eq!(parse_statement(KBC).unwrap(), lines, "the same file, the same references");
}

#[test]
fn a_globalised_total_whose_details_do_not_add_up_counts_alone() {
    // Detail 2 of € 120 changed to € 100 (and the balances with it): the details no longer make the total.
    let text = KBC.replace("0000000000120000140326601500001101", "0000000000100000140326601500001101");
    let lines = parse_statement(&text).unwrap();
    assert_eq!(amounts(&lines), [30_000, 450, -7_500]);
    assert_eq!(lines[0].ogm, None, "the total carries no payer's communication");
}

#[test]
fn bnp_information_records_name_the_counterparty_and_carry_free_text() {
    let lines = parse_statement(BNP).unwrap();
    assert_eq!(amounts(&lines), [9_500, 4_500]);
    assert_eq!(lines[0].ogm, Some(ogm(14)));
    assert_eq!(lines[0].communication, ogm(14).to_string());
    assert_eq!(lines[0].information, "GEMEENTE ZAVENTEM, STATIONSSTRAAT 1, 1930 ZAVENTEM");
    assert_eq!(lines[0].end_to_end.as_deref(), Some("NOTPROVIDED"));
    // The structured communication came in the payer's free text of an information record.
    assert_eq!(lines[1].communication, "vorming 12/03");
    assert_eq!(lines[1].information, format!("betaling factuur {} dank u", ogm(15)));
    assert_eq!(lines[1].ogm, Some(ogm(15)));
}

#[test]
fn belfius_iban_account_with_a_batch_debit_without_details() {
    let lines = parse_statement(BELFIUS).unwrap();
    assert_eq!(amounts(&lines), [6_050, -35_500]);
    assert_eq!((lines[0].ogm, lines[0].counterparty.as_str()), (Some(ogm(16)), "OCMW MOL"));
    assert_eq!(lines[0].end_to_end.as_deref(), Some("INV-2026-00016"));
    assert_eq!(lines[0].date, chrono::NaiveDate::from_ymd_opt(2026, 3, 16));
    assert_eq!(lines[1].end_to_end.as_deref(), Some("SALA-2026-03"));
}

#[test]
fn ing_free_communication_runs_over_three_records() {
    let lines = parse_statement(ING).unwrap();
    assert_eq!(lines.len(), 1);
    assert_eq!(
        lines[0].communication,
        format!(
            "Deelname vorming Omgaan met agressie voor drie collega's, factuur {} en lunch, dank u, groeten van het team",
            ogm(11)
        ),
        "words cut at each record's end are whole again, and no padding is left"
    );
    assert_eq!(lines[0].ogm, Some(ogm(11)));
    assert_eq!(lines[0].counterparty_account, "310180203454", "an old Belgian account number");
    assert_eq!(lines[0].counterparty, "VZW DE KEERN");
}

#[test]
fn argenta_foreign_currency_stays_in_euro_with_the_original_amount_beside_it() {
    let lines = parse_statement(ARGENTA).unwrap();
    // Two statements in one file; the type 3 total counts, its type 8 detail explains it.
    assert_eq!(amounts(&lines), [9_250, 2_775]);
    assert_eq!(lines[0].original, Some(OriginalAmount { currency: "USD".into(), hundredths: 10_000 }));
    assert_eq!(lines[0].ogm, Some(ogm(12)), "the structured communication inside the foreign-amount details");
    assert_eq!(lines[0].counterparty, "ACME TRAINING INC");
    assert_eq!(lines[1].original.as_ref().map(|o| o.display_in(Locale::Nl)).as_deref(), Some("JPY 3.000,00"));
    assert_eq!(lines[1].amount, Money::from_cents(2_775), "the amount in euro, never the yen");
    assert_eq!(lines[1].ogm, None);
}

#[test]
fn an_account_in_another_currency_is_refused() {
    let usd = BELFIUS.replace("EUR0000000000500000", "USD0000000000500000");
    assert_eq!(
        parse_statement(&usd),
        Err(StatementError::Coda { line: 2, problem: CodaProblem::Currency("USD".into()) })
    );
}

#[test]
fn windows_line_ends_and_trailing_spaces_cut_by_a_mail_client() {
    for text in [KBC, BNP, BELFIUS, ING, ARGENTA] {
        let clean = parse_statement(text).unwrap();
        assert_eq!(parse_statement(&text.replace('\n', "\r\n")).unwrap(), clean);
        let trimmed: String = text.lines().map(|l| format!("{}\n", l.trim_end())).collect();
        assert_eq!(parse_statement(&trimmed).unwrap(), clean, "short records are padded");
    }
}

#[test]
fn a_movement_cut_before_its_entry_date_is_refused_with_its_line() {
    let cut: String = KBC
        .lines()
        .enumerate()
        .map(|(i, l)| if i == 6 { format!("{}\n", &l[..100]) } else { format!("{l}\n") })
        .collect();
    assert_eq!(parse_statement(&cut), Err(StatementError::BadCodaRecord(7)));
}

#[test]
fn a_truncated_file_and_a_lost_movement_are_refused() {
    let without_end: String = KBC.lines().take(12).map(|l| format!("{l}\n")).collect();
    assert_eq!(parse_statement(&without_end), Err(StatementError::Coda { line: 12, problem: CodaProblem::Truncated }));
    // Movement 2 (and its 2.3) gone: the new balance no longer follows.
    let lost: String =
        KBC.lines().enumerate().filter(|(i, _)| !matches!(i, 8 | 9)).map(|(_, l)| format!("{l}\n")).collect();
    assert!(matches!(
        parse_statement(&lost),
        Err(StatementError::Coda { line: 12, problem: CodaProblem::Balance { .. } })
    ));
}

#[test]
fn continuation_records_out_of_place_are_refused_with_their_line() {
    // The 2.3 of movement 2 moved above it, after movement 1's details.
    let mut records: Vec<&str> = KBC.lines().collect();
    records.swap(8, 9);
    let text: String = records.iter().map(|l| format!("{l}\n")).collect();
    assert_eq!(parse_statement(&text), Err(StatementError::Coda { line: 9, problem: CodaProblem::Continuation }));
    let unknown = KBC.replacen("2300020000", "2500020000", 1);
    assert_eq!(parse_statement(&unknown), Err(StatementError::Coda { line: 10, problem: CodaProblem::UnknownRecord }));
    let sign = KBC.replacen("OL9424NIDKCTBOVSBBNON0", "OL9424NIDKCTBOVSBBNON2", 1);
    assert_eq!(parse_statement(&sign), Err(StatementError::Coda { line: 9, problem: CodaProblem::Sign }));
    let old = KBC.replacen(
        "00000                                       2\n",
        "00000                                       1\n",
        1,
    );
    assert_eq!(parse_statement(&old), Err(StatementError::Coda { line: 1, problem: CodaProblem::OldVersion }));
}

#[test]
fn every_error_names_its_line() {
    let broken = [
        KBC.replacen("2300020000", "2500020000", 1),
        KBC.replace("EUR0000000001250000", "CHF0000000001250000"),
        KBC.replacen("000013000000000075000", "000012000000000075000", 1),
        KBC.replacen("000013000000000075000", "000013000000000075100", 1),
    ];
    for text in broken {
        let error = parse_statement(&text).unwrap_err();
        assert!(matches!(error, StatementError::Coda { line, .. } if line > 0), "{error:?}");
        assert!(error.to_string().starts_with("regel "), "{error}");
    }
}
