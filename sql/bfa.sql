-- BMI-for-age: BMI from the adjusted length/height, the length-based table
-- to 730 days and the height-based one from 731 (bmianthro boys 730:
-- L -0.6473, M 15.7356, S 0.07771; 731: L -0.6187, M 16.0189, S 0.07785).
-- With 80 cm, BMI = weight / 0.64.
SELECT stunting.zscore_bfa('m', 730, 15.7356 * 0.64, 80, 'l') AS d730_lying,
       stunting.zscore_bfa('m', 730, 15.7356 * 0.64, 79.3, 'h') AS d730_standing,
       stunting.zscore_bfa('m', 731, 16.0189 * 0.64, 80, 'h') AS d731_standing,
       stunting.zscore_bfa('m', 731, 16.0189 * 0.64, 80.7, 'l') AS d731_lying;

-- ±2 SD on the LMS curve
SELECT stunting.zscore_bfa('m', 730, 15.7356 * (1 + -0.6473 * 0.07771 * 2) ^ (1 / -0.6473) * 0.64, 80) AS plus_2,
       stunting.zscore_bfa('m', 730, 15.7356 * (1 + -0.6473 * 0.07771 * -2) ^ (1 / -0.6473) * 0.64, 80) AS minus_2;

-- BMI needs a positive length and weight; oedema gives NULL
SELECT stunting.zscore_bfa('m', 730, 0, 80) AS weight_0,
       stunting.zscore_bfa('m', 730, 10, 0) AS length_0,
       stunting.zscore_bfa('m', 730, 10, -80) AS length_negative,
       stunting.zscore_bfa('m', 730, 10, 80, NULL, true) AS oedema,
       stunting.zscore_bfa('m', NULL, 10, 80) AS no_age;
