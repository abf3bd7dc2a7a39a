//! What every form's validation shares: the field at fault with its message, and numbers as
//! people type them.

use crate::i18n::Msg;

/// The form field at fault and the message explaining why.
pub type FieldError = (&'static str, Msg);

/// An optional whole number within `min..=max` (empty: none).
pub fn optional_number<T: TryFrom<i64>>(
    input: &str,
    min: i64,
    max: i64,
    field: &'static str,
) -> Result<Option<T>, FieldError> {
    let value = input.trim().replace([' ', '\u{a0}'], "");
    if value.is_empty() {
        return Ok(None);
    }
    let n: i64 = value
        .parse()
        .map_err(|_| (field, Msg::ErrorNumberInvalid))?;
    if n < min || n > max {
        return Err((field, Msg::ErrorNumberOutOfRange));
    }
    T::try_from(n)
        .map(Some)
        .map_err(|_| (field, Msg::ErrorNumberOutOfRange))
}

/// Hours as typed (« 1,5 », "2"): minutes, within `min..=max` minutes.
pub fn optional_hours(
    input: &str,
    min: u32,
    max: u32,
    field: &'static str,
) -> Result<Option<u32>, FieldError> {
    let value = input.trim().replace(',', ".");
    if value.is_empty() {
        return Ok(None);
    }
    let hours: f64 = value
        .parse()
        .map_err(|_| (field, Msg::ErrorNumberInvalid))?;
    if !hours.is_finite() {
        return Err((field, Msg::ErrorNumberInvalid));
    }
    let minutes = (hours * 60.0).round();
    if minutes < f64::from(min) || minutes > f64::from(max) {
        return Err((field, Msg::ErrorNumberOutOfRange));
    }
    // In range of u32 by the check above.
    Ok(Some(minutes as u32))
}
